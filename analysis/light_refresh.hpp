// The light path's math: refresh a known deal from a stats-only product
// (history=0, no offers) and the fields its row keeps. Never reads csv history.
#pragma once

#include "analysis/settings.hpp"
#include "keepa/product.hpp"
#include "storage/deal_row.hpp"

#include <string_view>

namespace analysis {

// Price Now = stats.current USED (else NEW) + estimated shipping
// (price_includes_shipping false); sales rank, used offers and their arrow
// against avg30, rank drops in 30 days, Amazon flag and last price change from
// stats; All-in, Profit, Margin, Min listing and % Down recomputed from the new
// price and the KEPT List at, 1yr Avg and fees with the heavy path's own
// functions. Without a current price the update carries no price and no profit.
storage::light_update light_refresh(const keepa::product& stats_only_product,
                                    const storage::kept_fields& kept, const settings& s,
                                    keepa::unix_seconds now, std::string_view source);

} // namespace analysis
