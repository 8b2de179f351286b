// Trend over the last few distinct NEW+USED prices.
#include "analysis/trend.hpp"
#include "product_builder.hpp"

#include <catch2/catch.hpp>

using namespace testkit;

namespace {

struct trend_case {
  const char* name;
  std::int32_t avg365_rank;
  std::vector<std::int32_t> used;     // one point a day from Jan 1
  std::vector<std::int32_t> new_one;  // one point a day from Jan 1, at noon
  std::string expected;
};

} // namespace

TEST_CASE("trend compares the newest with the oldest of the last N distinct prices", "[trend]") {
  const std::vector<trend_case> cases{
      {"empty history", -1, {}, {}, "flat"},
      {"one price", -1, {1000}, {}, "flat"},
      {"rising", -1, {1000, 1100, 1200}, {}, "up"},
      // N = 3 (rank unknown): the last three distinct are 10.00, 11.00, 12.00.
      {"only the last three count", -1, {2000, 1000, 1100, 1200}, {}, "up"},
      {"falling", -1, {1000, 2000, 1900, 1800}, {}, "down"},
      // N = 10 (avg365 rank 50,000): all of 20.00 .. 12.00 count: 12 < 20.
      {"fast seller looks further back", 50000, {2000, 1000, 1100, 1200}, {}, "down"},
      // Repeats collapse: 10.00, 12.00 (x3) are two distinct prices: up.
      {"repeated prices collapse", -1, {1000, 1200, 1200, 1200}, {}, "up"},
      // -1 is no offer, not a price: 10.00, 12.00.
      {"prices of -1 are skipped", -1, {1000, -1, 1200, -1}, {}, "up"},
      {"same first and last", -1, {1000, 1200, 1000}, {}, "flat"},
      // Merged by time: used 10.00 (d1 00:00), new 15.00 (d1 12:00), used
      // 9.00 (d2 00:00), new 14.00 (d2 12:00). Last 3 distinct: 15, 9, 14: down.
      {"new and used merge by time", -1, {1000, 900}, {1500, 1400}, "down"},
  };
  for (const auto& c : cases) {
    SECTION(c.name) {
      keepa::product p;
      p.stats = no_data_stats();
      p.stats->avg365[keepa::sales_rank] = c.avg365_rank;
      for (std::size_t i = 0; i < c.used.size(); ++i)
        add(p, keepa::used, at(2026, 1, 1) + days(static_cast<int>(i)), c.used[i]);
      for (std::size_t i = 0; i < c.new_one.size(); ++i)
        add(p, keepa::new_price, at(2026, 1, 1, 12) + days(static_cast<int>(i)), c.new_one[i]);
      CHECK(analysis::price_trend(p) == c.expected);
    }
  }
}

TEST_CASE("trend window depends on the yearly average rank", "[trend]") {
  keepa::product p;
  CHECK(analysis::trend_window(p) == 3);  // no stats
  p.stats = no_data_stats();
  CHECK(analysis::trend_window(p) == 3);
  p.stats->avg365[keepa::sales_rank] = 99999;
  CHECK(analysis::trend_window(p) == 10);
  p.stats->avg365[keepa::sales_rank] = 100000;
  CHECK(analysis::trend_window(p) == 5);
  p.stats->avg365[keepa::sales_rank] = 499999;
  CHECK(analysis::trend_window(p) == 5);
  p.stats->avg365[keepa::sales_rank] = 500000;
  CHECK(analysis::trend_window(p) == 3);
}
