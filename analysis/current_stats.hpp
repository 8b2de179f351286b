// The fields both paths read straight from `stats` (no history needed): sales
// rank, used offer count and its arrow, rank drops, Amazon on the listing,
// last price change. The light refresh lives on these alone.
#pragma once

#include "keepa/product.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace analysis {

struct current_stats {
  std::optional<std::int64_t> sales_rank;
  std::optional<std::int32_t> offers_used;
  std::string offers_trend;  // "up", "down", "flat" against avg30; empty when unknown
  std::optional<std::int32_t> drops_30d;
  bool amazon_sells = false;
  std::optional<keepa::unix_seconds> last_price_change_utc;
};

current_stats read_current_stats(const keepa::product& p);

// "up" when now > avg30, "down" when below, "flat" when equal, "" when either is unknown.
std::string arrow_against(std::int32_t now, std::int32_t avg30);

} // namespace analysis
