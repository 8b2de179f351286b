// The deals as a spreadsheet takes them (CSV) and as a program does (JSON):
// money in dollars, times ISO-8601 UTC, the ASIN as text (its leading zeros
// kept), Offers as a count and a trend. Pure functions over rows.
#pragma once

#include "storage/deal_row.hpp"

#include <string>
#include <vector>

namespace app {

// "12.34", "-0.05"; empty for none.
std::string dollars(std::optional<storage::cents> cents);
// "2026-11-01T00:00:00Z".
std::string iso_utc(storage::unix_seconds t);

// A header line, then one line per deal (RFC 4180: CRLF, text fields quoted,
// quotes doubled).
std::string deals_csv(const std::vector<storage::deal_row>& deals);
// A JSON array of objects, one per deal, keys as the CSV's in snake_case.
std::string deals_json(const std::vector<storage::deal_row>& deals);

} // namespace app
