#include "ingest/backfill_cursor.hpp"

#include <charconv>

namespace ingest {

std::string to_string(const backfill_cursor& c) { return std::to_string(c.page) + ":" + std::to_string(c.chunk); }

std::optional<backfill_cursor> parse_backfill_cursor(std::string_view text) {
  const auto colon = text.find(':');
  if (colon == std::string_view::npos)
    return std::nullopt;
  backfill_cursor c;
  auto whole = [](std::string_view part, int& out) {
    auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), out);
    return ec == std::errc{} && end == part.data() + part.size() && out >= 0 && !part.empty();
  };
  if (!whole(text.substr(0, colon), c.page) || !whole(text.substr(colon + 1), c.chunk))
    return std::nullopt;
  return c;
}

} // namespace ingest
