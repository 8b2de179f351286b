// Hand-built Keepa products for the analysis tests: calendar times, stats
// with every value "none", and a helper that plants one confirmed sale.
#pragma once

#include "keepa/product.hpp"

#include <algorithm>
#include <chrono>
#include <initializer_list>

namespace testkit {

// Keepa minute of a UTC calendar time.
inline keepa::keepa_minute at(int y, unsigned m, unsigned d, int hour = 0, int minute = 0) {
  using namespace std::chrono;
  const sys_days day = year{y} / month{m} / std::chrono::day{d};
  const auto secs = duration_cast<seconds>(day.time_since_epoch()).count() + hour * 3600 + minute * 60;
  return keepa::to_keepa_minute(secs);
}

inline keepa::unix_seconds unix_at(int y, unsigned m, unsigned d, int hour = 0) {
  return keepa::to_unix(at(y, m, d, hour));
}

// Every test's "now": 2026-06-30 00:00 UTC.
inline keepa::unix_seconds now_unix() { return unix_at(2026, 6, 30); }
inline keepa::keepa_minute now_minute() { return at(2026, 6, 30); }

inline constexpr keepa::keepa_minute hours(int h) { return h * 60; }
inline constexpr keepa::keepa_minute days(int d) { return d * 24 * 60; }

// Stats as Keepa sends them for a product with no data: -1 everywhere.
inline keepa::product_stats no_data_stats() {
  keepa::product_stats s;
  s.current = s.avg = s.avg30 = s.avg90 = s.avg180 = s.avg365 = s.at_interval_start =
      keepa::filled(keepa::no_value);
  return s;
}

inline void add(keepa::product& p, int type, keepa::keepa_minute t, std::int32_t v) {
  p.csv[type].push_back({t, v});
}

inline void sort_histories(keepa::product& p) {
  for (auto& h : p.csv)
    std::stable_sort(h.begin(), h.end(), [](const keepa::point& a, const keepa::point& b) { return a.t < b.t; });
}

// One used copy sold at `t` for `price`: the used price is set an hour before,
// the used offer count goes 2 -> 1 at t, and the rank goes 100000 -> 50000 one
// hour after t. So each call adds exactly one offer drop and one confirmed sale.
inline void plant_used_sale(keepa::product& p, keepa::keepa_minute t, std::int32_t price) {
  add(p, keepa::used, t - 60, price);
  add(p, keepa::count_used, t - 120, 2);
  add(p, keepa::count_used, t, 1);
  add(p, keepa::sales_rank, t - 120, 100000);
  add(p, keepa::sales_rank, t + 60, 50000);
}

// A textbook that is a deal at now = 2026-06-30, worked by hand:
// - one unconfirmed used-offer drop on 2025-08-01 (rank does not move), then
//   six planted used sales: Sep 10 30.00, Sep 20 30.00, Sep 25 34.00,
//   Jan 15 18.00, Jan 20 20.00, Apr 10 24.00. Sorted 18,20,24,30,30,34:
//   Q1 = 20 + 0.25 x 4 = 21, Q3 = 30 + 0.75 x 0 = 30, IQR 9, fences
//   [7.50, 43.50]: no outlier. 7 drops, 6 sales: confidence 85.714 %.
// - month medians: Sep 30.00 (peak), Jan 19.00 (trough), Apr 24.00. Peak
//   prices 30, 30, 34: 30.00 repeats, so List at 30.00 before the cap.
// - Amazon avg180 40.00 (current and avg365 -1): cap 36.00 > 30.00: List at 30.00.
// - all six sales are within 365 days: 1yr Avg = 156.00 / 6 = 26.00.
// - stats: used 10.00 now, no offers: Price Now 10.00 + 3.99 = 13.99.
// - last used price point 10.00 on Jun 29: trend (N = 10, avg365 rank 60,000)
//   over 30, 34, 18, 20, 24, 10 (repeats collapsed) -> 10 < 30: "down".
// - rank 45,000; used offers 8 vs avg30 6: "up"; 12 rank drops in 30 days.
// - "Organic Chemistry" by Wiley: Textbook (Summer), sells Jul - Sep.
inline keepa::product textbook_deal() {
  keepa::product p;
  p.asin = "0470000001";
  p.title = "Organic Chemistry";
  p.manufacturer = "Wiley";
  p.category_names = {"Books", "Science & Math", "Chemistry"};
  p.last_price_change = at(2026, 6, 29);
  p.stats = no_data_stats();
  auto& s = *p.stats;
  s.current[keepa::used] = 1000;
  s.current[keepa::sales_rank] = 45000;
  s.current[keepa::count_used] = 8;
  s.avg30[keepa::count_used] = 6;
  s.avg180[keepa::amazon] = 4000;
  s.avg365[keepa::sales_rank] = 60000;
  s.sales_rank_drops30 = 12;
  // the unconfirmed drop
  add(p, keepa::count_used, at(2025, 8, 1) - 120, 3);
  add(p, keepa::count_used, at(2025, 8, 1), 2);
  add(p, keepa::sales_rank, at(2025, 8, 1) - 120, 100000);
  plant_used_sale(p, at(2025, 9, 10), 3000);
  plant_used_sale(p, at(2025, 9, 20), 3000);
  plant_used_sale(p, at(2025, 9, 25), 3400);
  plant_used_sale(p, at(2026, 1, 15), 1800);
  plant_used_sale(p, at(2026, 1, 20), 2000);
  plant_used_sale(p, at(2026, 4, 10), 2400);
  add(p, keepa::used, at(2026, 6, 29), 1000);
  sort_histories(p);
  return p;
}

// The same product as a light fetch returns it: stats only, no history.
inline keepa::product stats_only(keepa::product p) {
  for (auto& h : p.csv)
    h.clear();
  for (auto& h : p.shipped)
    h.clear();
  p.sales_ranks.clear();
  p.offers.clear();
  return p;
}

} // namespace testkit
