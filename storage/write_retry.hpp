// What the writer does when a batch fails: a database that cannot take a
// write now (full disk, read-only file, lock held elsewhere, I/O error) may
// take it later, so the batch is held and retried on a growing delay while
// the node spends no tokens; a batch the store refuses for its own content
// fails at once, since retrying it would never succeed.
#pragma once

#include <chrono>
#include <cstdint>

namespace storage {

// True for SQLite result codes that say "the database, not the batch": the
// same batch may commit once the cause is gone.
bool is_transient_write_failure(int sqlite_code);

// The delay before each retry: `first`, doubled after every failed attempt,
// at most `longest`.
class write_backoff {
public:
  explicit write_backoff(std::chrono::milliseconds first = std::chrono::milliseconds(500),
                         std::chrono::milliseconds longest = std::chrono::seconds(30));

  // The delay before the next attempt; counts one failure.
  std::chrono::milliseconds next_delay();
  // A write went through: the next failure starts from `first` again.
  void reset();
  // Failures since the last success.
  std::int64_t failures() const { return failures_; }

private:
  std::chrono::milliseconds first_;
  std::chrono::milliseconds longest_;
  std::chrono::milliseconds next_;
  std::int64_t failures_ = 0;
};

} // namespace storage
