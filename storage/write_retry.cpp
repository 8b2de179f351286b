// Which SQLite failures are worth waiting out, and how long between tries.
#include "storage/write_retry.hpp"

#include <sqlite3.h>

#include <algorithm>

namespace storage {

bool is_transient_write_failure(int sqlite_code) {
  switch (sqlite_code & 0xff) {
  case SQLITE_FULL:      // the disk (or the file's page limit) is full
  case SQLITE_READONLY:  // the file, or the file system, stopped taking writes
  case SQLITE_IOERR:     // the disk failed a read or a write
  case SQLITE_BUSY:      // another connection holds the write lock
  case SQLITE_LOCKED:
  case SQLITE_CANTOPEN:  // the -wal or a temporary file could not be opened
  case SQLITE_NOMEM:
  case SQLITE_PROTOCOL:
    return true;
  default:
    return false;
  }
}

write_backoff::write_backoff(std::chrono::milliseconds first, std::chrono::milliseconds longest)
    : first_(std::max(first, std::chrono::milliseconds(1))), longest_(std::max(longest, first_)), next_(first_) {}

std::chrono::milliseconds write_backoff::next_delay() {
  const auto delay = next_;
  next_ = std::min(next_ * 2, longest_);
  ++failures_;
  return delay;
}

void write_backoff::reset() {
  next_ = first_;
  failures_ = 0;
}

} // namespace storage
