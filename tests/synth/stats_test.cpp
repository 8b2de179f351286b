// The stats object agrees with the histories, by this project's definitions
// (synth/history_stats.hpp), checked against brute-force minute-by-minute sums.
#include "synth_test_support.hpp"

#include "synth/history_stats.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using synth_test::make;

namespace {

// Mean of the value in force at every minute of [from, to) where it is not -1.
std::int32_t brute_avg(const std::vector<keepa::point>& series, keepa::keepa_minute from, keepa::keepa_minute to) {
  double sum = 0;
  double minutes = 0;
  for (keepa::keepa_minute t = from; t < to; ++t) {
    const auto v = synth::value_at(series, t);
    if (v < 0) continue;
    sum += v;
    minutes += 1;
  }
  return minutes == 0 ? -1 : static_cast<std::int32_t>(std::llround(sum / minutes));
}

} // namespace

TEST_CASE("time-weighted average of a hand-made series", "[synth][stats]") {
  const std::vector<keepa::point> s{{100, 1000}, {150, -1}, {200, 3000}};
  CHECK(synth::time_weighted_avg(s, 100, 250) == 2000);   // 50 min at 10.00, 50 out of stock, 50 at 30.00
  CHECK(synth::time_weighted_avg(s, 0, 150) == 1000);     // nothing before the first point
  CHECK(synth::time_weighted_avg(s, 150, 200) == -1);     // only out of stock
  CHECK(synth::time_weighted_avg(s, 175, 400) == 3000);
  CHECK(synth::time_weighted_avg(s, 300, 300) == -1);     // empty window
  CHECK(synth::value_at(s, 99) == -1);
  CHECK(synth::value_at(s, 150) == -1);
  CHECK(synth::value_at(s, 199) == -1);
  CHECK(synth::value_at(s, 200) == 3000);
  const std::vector<keepa::point> rank{{0, 500}, {10, 400}, {20, 900}, {30, 100}, {40, 50}};
  CHECK(synth::rank_drops(rank, 0, 40) == 3);
  CHECK(synth::rank_drops(rank, 10, 40) == 2);             // (from, to]: the drop at 10 is outside
  CHECK(synth::rank_drops(rank, 0, 35) == 2);
}

TEST_CASE("stats.current is the last history value of every type", "[synth][stats]") {
  const auto u = make(60, 13);
  for (const auto& p : u.all_products()) {
    INFO(p.asin);
    REQUIRE(p.stats);
    for (int type = 0; type < keepa::csv_type_count; ++type) {
      INFO("type " << type);
      if (keepa::is_shipping_type(type)) {
        const auto& s = p.shipped[type];
        CHECK(p.stats->current[type] == (s.empty() || s.back().price < 0 ? -1 : s.back().price + s.back().shipping));
      } else {
        const auto& s = p.csv[type];
        CHECK(p.stats->current[type] == (s.empty() ? -1 : s.back().value));
      }
    }
  }
}

TEST_CASE("avg30/avg90 and salesRankDrops match brute-force sums over the history", "[synth][stats]") {
  const auto u = make(6, 27, 400);
  const auto now = u.now();
  for (const auto& p : u.all_products()) {
    INFO(p.asin);
    const auto& st = *p.stats;
    for (const int type : {keepa::used, keepa::new_price, keepa::sales_rank, keepa::count_used}) {
      INFO("type " << type);
      CHECK(st.avg90[type] == brute_avg(p.csv[type], now - 90 * 1440, now));
      CHECK(st.avg30[type] == brute_avg(p.csv[type], now - 30 * 1440, now));
      CHECK(st.avg[type] == st.avg180[type]);
    }
    std::int32_t drops = 0;
    const auto& rank = p.csv[keepa::sales_rank];
    for (std::size_t k = 1; k < rank.size(); ++k)
      drops += rank[k].t > now - 30 * 1440 && rank[k].t <= now && rank[k].value < rank[k - 1].value;
    CHECK(st.sales_rank_drops30 == drops);
    CHECK(st.sales_rank_drops365 >= st.sales_rank_drops180);
    CHECK(st.sales_rank_drops180 >= st.sales_rank_drops90);
    CHECK(st.sales_rank_drops90 >= st.sales_rank_drops30);
    // min/max over the whole history.
    const auto& used = p.csv[keepa::used];
    std::int32_t lo = -1, hi = -1;
    for (const auto& pt : used) {
      if (pt.value < 0) continue;
      if (lo < 0 || pt.value < lo) lo = pt.value;
      hi = std::max(hi, pt.value);
    }
    if (lo >= 0) {
      REQUIRE(st.min[keepa::used]);
      CHECK(st.min[keepa::used]->value == lo);
      CHECK(st.max[keepa::used]->value == hi);
      CHECK(synth::value_at(used, st.min[keepa::used]->t) == lo);
    }
  }
}

TEST_CASE("make_deal reads current, averages and deltas from the histories", "[synth][deal]") {
  const auto u = make(30, 19, 200);
  const auto now = u.now();
  for (const auto& p : u.all_products()) {
    INFO(p.asin);
    const auto d = synth::make_deal(p, now);
    CHECK(d.asin == p.asin);
    CHECK(d.title == p.title);
    CHECK(d.last_update == p.last_update);
    CHECK(d.current[keepa::used] == p.stats->current[keepa::used]);
    CHECK(d.current[keepa::sales_rank] == p.stats->current[keepa::sales_rank]);
    CHECK(d.current_since[keepa::used] == p.csv[keepa::used].back().t);
    const auto avg90 = brute_avg(p.csv[keepa::used], now - 90 * 1440, now);
    CHECK(d.avg[3][keepa::used] == avg90);
    if (avg90 > 0 && d.current[keepa::used] >= 0) {
      CHECK(d.delta[3][keepa::used] == avg90 - d.current[keepa::used]);
      CHECK(d.delta_percent[3][keepa::used] ==
            static_cast<std::int32_t>(std::lround(100.0 * (avg90 - d.current[keepa::used]) / avg90)));
    }
    CHECK(d.image.size() > 4);
    CHECK(d.image.substr(d.image.size() - 4) == ".jpg");
  }
}
