// Where the backfiller stands in its walk of the deal feed: the page and the
// chunk within it to do next. Stored as "page:chunk" in system_state, and
// moved only after the chunk before it is committed.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ingest {

struct backfill_cursor {
  int page = 0;
  int chunk = 0;
  friend bool operator==(const backfill_cursor&, const backfill_cursor&) = default;
};

std::string to_string(const backfill_cursor& c);
// Nothing for text that is not "page:chunk" with two non-negative numbers.
std::optional<backfill_cursor> parse_backfill_cursor(std::string_view text);

} // namespace ingest
