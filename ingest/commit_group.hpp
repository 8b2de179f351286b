// Group commit, the policy: the writer's batches that arrive while a commit
// runs wait in one open group and are committed together in the next
// transaction, because a SQLite commit costs about the same for 1,000 rows as
// for 20,000 (the pages it writes to the WAL are shared by many rows). A group
// is bounded by rows and by how long its first batch has waited, so neither a
// transaction nor a batch's wait grows without limit. Plain values: the writer
// actor keeps the batches and their reply promises beside it.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>

namespace ingest {

struct commit_group_limits {
  // Rows (inserts, refreshes, rejects, queue entries, state keys...) in one transaction.
  std::size_t max_rows = 20'000;
  // How long the group's first batch may wait for its commit to start.
  std::chrono::milliseconds max_wait{50};
  // 1 turns grouping off: every batch is its own transaction, as before.
  std::size_t max_batches = 1000;
};

// What the writer does after a batch joined the group.
enum class group_action {
  wait_for_more,   // first batch of a new group: let the mailbox catch up, then commit
  keep_waiting,    // a commit is already due when the mailbox has caught up
  commit_now,      // a bound is reached: commit before reading the next message
};

template <class TimePoint>
class commit_group {
public:
  explicit commit_group(commit_group_limits limits = {}) : limits_(limits) {}

  group_action join(std::size_t rows, TimePoint now) {
    const bool opened = batches_ == 0;
    if (opened)
      first_ = now;
    ++batches_;
    rows_ += rows;
    if (rows_ >= limits_.max_rows || batches_ >= limits_.max_batches || now - *first_ >= limits_.max_wait)
      return group_action::commit_now;
    return opened ? group_action::wait_for_more : group_action::keep_waiting;
  }

  // The group was committed (or failed): the next batch opens a new one.
  // Returns the generation that just ended.
  std::uint64_t close() {
    batches_ = 0;
    rows_ = 0;
    first_.reset();
    return generation_++;
  }

  // Each group has a generation, so a "commit now" reminder sent for a group
  // that a bound already committed does not cut the next group short.
  std::uint64_t generation() const { return generation_; }
  bool empty() const { return batches_ == 0; }
  std::size_t rows() const { return rows_; }
  std::size_t batches() const { return batches_; }
  const commit_group_limits& limits() const { return limits_; }

private:
  commit_group_limits limits_;
  std::size_t batches_ = 0;
  std::size_t rows_ = 0;
  std::optional<TimePoint> first_;
  std::uint64_t generation_ = 0;
};

} // namespace ingest
