// Bookkeeping of a fetcher, apart from any actor: requests split into chunks
// of at most `chunk_size` ASINs, at most `max_in_flight` chunks out at once,
// and a summary per request that completes when its last chunk has.
#pragma once

#include "ingest/batch_split.hpp"
#include "ingest/grant_queue.hpp"

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace ingest {

// What one path did with a request's ASINs (mirrored into kd::path_summary).
struct fetch_tally {
  std::size_t requested = 0;
  std::size_t written = 0;
  std::size_t rejected = 0;
  std::vector<std::string> missing;
  std::vector<std::string> failed;
  std::vector<std::string> vanished;
  std::int64_t tokens_estimated = 0;
  std::int64_t tokens_consumed = 0;
  std::size_t requests = 0;
  std::size_t offers_bought = 0;  // heavy path: new deals whose offers were fetched after the analysis
  std::size_t offers_skipped = 0; // heavy path: profitable, but the bucket had no tokens to spare
  std::size_t dropped = 0;        // best-effort top-ups refused because the queue was long
};

inline const std::string& asin_of(const std::string& asin) { return asin; }
inline const std::string& asin_of(const light_item& item) { return item.asin; }

template <class Item>
class fetch_queue {
public:
  struct chunk {
    std::uint64_t id;
    std::uint64_t job;
    std::vector<Item> items;
    int priority = 0;  // the request's, handed on to the token bucket
  };

  fetch_queue(std::size_t chunk_size, std::size_t max_in_flight)
      : chunk_size_(chunk_size), max_in_flight_(max_in_flight) {}

  // Registers a request; returns its job id. A request with no items is
  // complete at once (see take_completed). Chunks of a lower `priority`
  // number go out first.
  std::uint64_t add(std::vector<Item> items, int priority = 0) {
    const auto job = next_job_++;
    auto& j = jobs_[job];
    j.tally.requested = items.size();
    for (auto& part : chunked(std::move(items), chunk_size_)) {
      ++j.chunks_left;
      waiting_.push(priority, chunk{next_chunk_++, job, std::move(part), priority});
    }
    if (j.chunks_left == 0)
      completed_.push_back(job);
    return job;
  }

  // The next chunk to send, if the in-flight limit allows one.
  std::optional<chunk> next() {
    if (waiting_.empty() || in_flight_.size() >= max_in_flight_)
      return std::nullopt;
    chunk c = waiting_.pop();
    in_flight_.emplace(c.id, c);
    return c;
  }

  const chunk* in_flight(std::uint64_t chunk_id) const {
    auto it = in_flight_.find(chunk_id);
    return it == in_flight_.end() ? nullptr : &it->second;
  }

  fetch_tally& tally_of(std::uint64_t job) { return jobs_.at(job).tally; }

  // Marks a chunk done; its job completes when it was the last one.
  void finish(std::uint64_t chunk_id) {
    auto it = in_flight_.find(chunk_id);
    if (it == in_flight_.end())
      return;
    const auto job = it->second.job;
    in_flight_.erase(it);
    if (--jobs_.at(job).chunks_left == 0)
      completed_.push_back(job);
  }

  // Completed jobs with their tallies, each handed out once.
  std::vector<std::pair<std::uint64_t, fetch_tally>> take_completed() {
    std::vector<std::pair<std::uint64_t, fetch_tally>> out;
    for (auto job : completed_) {
      out.emplace_back(job, std::move(jobs_.at(job).tally));
      jobs_.erase(job);
    }
    completed_.clear();
    return out;
  }

  std::size_t in_flight_count() const { return in_flight_.size(); }
  std::size_t waiting_count() const { return waiting_.size(); }

private:
  struct job_state {
    fetch_tally tally;
    std::size_t chunks_left = 0;
  };

  std::size_t chunk_size_;
  std::size_t max_in_flight_;
  std::uint64_t next_job_ = 1;
  std::uint64_t next_chunk_ = 1;
  std::map<std::uint64_t, job_state> jobs_;
  grant_queue<chunk> waiting_;
  std::map<std::uint64_t, chunk> in_flight_;
  std::vector<std::uint64_t> completed_;
};

// ASINs of `asked` that `answered` lacks, in asked order.
template <class Item, class Product>
std::vector<std::string> missing_from(const std::vector<Item>& asked, const std::vector<Product>& answered) {
  std::unordered_set<std::string_view> got;
  got.reserve(answered.size());
  for (const auto& p : answered)
    got.insert(p.asin);
  std::vector<std::string> missing;
  for (const auto& item : asked)
    if (!got.contains(asin_of(item)))
      missing.push_back(asin_of(item));
  return missing;
}

} // namespace ingest
