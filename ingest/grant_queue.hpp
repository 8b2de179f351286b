// Reservations waiting for tokens, served by priority and, within one
// priority, in arrival order: the refiller's fetches before the backfiller's,
// new deals before offers, offers before light refreshes, and those before
// calls made only with spare tokens.
#pragma once

#include <cstdint>
#include <iterator>
#include <map>
#include <optional>
#include <utility>
#include <vector>

namespace ingest {

// Lower numbers are served first.
enum priority : int {
  refiller_priority = 0,
  backfiller_priority = 1,
  offers_priority = 2,
  light_priority = 3,
  // Only from a bucket at least half full: calls worth making when tokens are
  // spare (the optimal mode's top-ups), never at the cost of a new deal.
  spare_priority = 4,
};

template <class Waiting>
class grant_queue {
public:
  void push(int priority, Waiting w) { waiting_.emplace(key{priority, next_++}, std::move(w)); }
  bool empty() const { return waiting_.empty(); }
  std::size_t size() const { return waiting_.size(); }
  Waiting& front() { return waiting_.begin()->second; }
  std::uint64_t front_id() const { return waiting_.begin()->first.second; }
  int front_priority() const { return waiting_.begin()->first.first; }
  Waiting pop() {
    auto node = waiting_.extract(waiting_.begin());
    return std::move(node.mapped());
  }
  // Everything still waiting, in serving order (to refuse it at shutdown).
  std::vector<Waiting> drain() {
    std::vector<Waiting> out;
    for (auto& [k, w] : waiting_)
      out.push_back(std::move(w));
    waiting_.clear();
    return out;
  }

private:
  using key = std::pair<int, std::uint64_t>;
  std::map<key, Waiting> waiting_;
  std::uint64_t next_ = 0;
};

} // namespace ingest
