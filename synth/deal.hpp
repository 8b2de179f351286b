// Builds the /deal feed entry of a product from its histories, so the mock
// server can serve a feed consistent with the products it serves.
//
// Conventions (Keepa publishes no formulas; these are this project's):
//  - current[t]: value in force at `now`; currentSince[t]: when it started.
//  - avg[r][t]: time-weighted mean over the range r (24 h, 7 d, 31 d, 90 d),
//    as synth::time_weighted_avg; -1 when nothing to average.
//  - delta[r][t] = avg - current, so a price DROP is positive (the feed's
//    deltaPercentRange [10, ..] then selects drops of at least 10 %);
//    deltaPercent = round(100 * delta / avg); both 0 when either side is -1.
//  - deltaLast[t] = previous value - current value (positive after a drop), 0 when unknown.
#pragma once

#include "keepa/product.hpp"

namespace synth {

inline constexpr int deal_range_days[keepa::deal_date_range_count] = {1, 7, 31, 90};

keepa::deal make_deal(const keepa::product& product, keepa::keepa_minute now);

} // namespace synth
