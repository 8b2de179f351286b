// The `stats` object and deal averages, computed from a product's histories the
// way this project defines them (Keepa does not publish its formulas):
//  - current: the last value of the history (-1 when the type has none);
//    for shipping types the landed price, price + shipping.
//  - avg over D days: the time-weighted mean of the value in force over
//    [now - D days, now], leaving out time when the value is -1 (no offer);
//    the value in force at the window start counts from the start. Rounded to
//    the nearest integer; -1 when no time in the window had a value.
//  - avg (no suffix) is the 180-day average (as with `stats=180`), and
//    atIntervalStart the value in force 180 days before now.
//  - min / max: the lowest / highest value over the whole history with the
//    time it was first reached; -1 values are left out.
//  - salesRankDropsD: rank points in (now - D days, now] lower than the point before.
#pragma once

#include "keepa/product.hpp"

#include <span>

namespace synth {

inline constexpr keepa::keepa_minute minutes_per_day = 24 * 60;
inline constexpr int stats_interval_days = 180;

// Value in force at `t` (the last point at or before t), -1 when none yet.
std::int32_t value_at(std::span<const keepa::point> series, keepa::keepa_minute t);
std::int32_t landed_at(std::span<const keepa::shipped_point> series, keepa::keepa_minute t);

// Time-weighted mean over [from, to), -1 values excluded, -1 when nothing counted.
std::int32_t time_weighted_avg(std::span<const keepa::point> series, keepa::keepa_minute from,
                               keepa::keepa_minute to);

std::int32_t rank_drops(std::span<const keepa::point> rank, keepa::keepa_minute from,
                        keepa::keepa_minute to);

// The price/rank/count part of `stats` from csv and shipped histories. Offer
// fields (totalOfferCount, offerCountFBA, buyBox...) are the caller's.
keepa::product_stats history_stats(const keepa::product& p, keepa::keepa_minute now);

} // namespace synth
