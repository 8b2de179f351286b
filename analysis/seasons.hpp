// Seasons from inferred sales: peak and trough month, the List at price
// (before and after its Amazon cap), the expected trough price and 1yr Avg.
#pragma once

#include "analysis/inferred_sales.hpp"

#include <optional>
#include <vector>

namespace analysis {

// Calendar month (1-12, UTC) of a Keepa minute.
int month_of(keepa::keepa_minute t);

// Median of the values, the two middle values averaged and rounded half away
// from zero when the count is even. Empty input gives nullopt.
std::optional<cents> median(std::vector<cents> values);

// The value that repeats most (the smallest one on a tie); nullopt when no
// value repeats.
std::optional<cents> repeated_mode(std::vector<cents> values);

struct season_figures {
  std::optional<int> peak_month;    // highest median sale price; earliest month on a tie
  std::optional<int> trough_month;  // lowest median sale price; earliest month on a tie
  std::optional<cents> peak_price;  // mode of the peak month's prices when one repeats, else their median
  std::optional<cents> expected_trough_cents;  // median of the trough month's prices
};

// Groups sales by calendar month. One sale, or sales all in one month, make
// that month both peak and trough.
season_figures seasons_of(const std::vector<sale>& sales);

// 0.90 x the lowest positive of Amazon's current, avg180 and avg365 price;
// nullopt when Amazon has none of them (then nothing caps List at).
std::optional<cents> list_at_cap(const keepa::product& p);

// Mean sale price over the 365 days up to `now`; nullopt without such sales.
std::optional<cents> one_year_average(const std::vector<sale>& sales, keepa::keepa_minute now);

} // namespace analysis
