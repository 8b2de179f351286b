// The refresh of a known deal without its history: from a stats-only product
// (light), from a product with live offers (offers), or from the deal feed's
// own entry (no product call at all). Each recomputes All-in, Profit, Margin,
// Min listing and % Down from the new price and the KEPT List at, 1yr Avg and
// fees with the heavy path's own functions; none touches the analysed fields.
// Without a current price the update carries no price and no profit.
#pragma once

#include "analysis/settings.hpp"
#include "keepa/product.hpp"
#include "storage/deal_row.hpp"

#include <string_view>

namespace analysis {

// Price Now = stats.current USED (else NEW) + estimated shipping
// (price_source "stats"); sales rank, used offers and their arrow against
// avg30, rank drops in 30 days, Amazon flag and last price change from stats.
storage::light_update light_refresh(const keepa::product& stats_only_product,
                                    const storage::kept_fields& kept, const settings& s,
                                    keepa::unix_seconds now, std::string_view source);

// As light_refresh, but Price Now is matched to a live offer with its own
// shipping (compute_price_now; price_source "offer" when it matched).
storage::light_update offer_refresh(const keepa::product& product_with_offers,
                                    const storage::kept_fields& kept, const settings& s,
                                    keepa::unix_seconds now, std::string_view source);

// From a deal-feed entry: Price Now = its current USED (else NEW) + estimated
// shipping (price_source "feed"), sales rank, used offer count and its arrow
// against the entry's 30-day average, Amazon on the listing, and when the
// used price last changed. The entry carries no rank drops, so drops_30d and
// last_light_fetch_utc stay as stored (from_product false).
storage::light_update feed_refresh(const keepa::deal& entry, const storage::kept_fields& kept,
                                   const settings& s, keepa::unix_seconds now, std::string_view source);

} // namespace analysis
