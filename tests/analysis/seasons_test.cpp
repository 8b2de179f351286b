// Peak and trough months, List at, expected trough price and 1yr Avg.
#include "analysis/seasons.hpp"
#include "product_builder.hpp"

#include <catch2/catch.hpp>

using namespace testkit;
using analysis::sale;

namespace {

sale used_sale(int y, unsigned m, unsigned d, analysis::cents price) { return {at(y, m, d), price, true}; }

struct season_case {
  const char* name;
  std::vector<sale> sales;
  std::optional<int> peak, trough;
  std::optional<analysis::cents> peak_price, expected_trough;
};

} // namespace

TEST_CASE("seasons group sales by calendar month", "[seasons]") {
  const std::vector<season_case> cases{
      {"no sales", {}, {}, {}, {}, {}},
      // One sale in March: March is both peak and trough, at its price.
      {"one sale", {used_sale(2026, 3, 5, 1500)}, 3, 3, 1500, 1500},
      // All in September: 10.00, 12.00, 12.00, 20.00. Peak = trough = 9; 12.00
      // repeats so it is the List at; the median of four is (1200+1200)/2.
      {"all sales in one month",
       {used_sale(2025, 9, 1, 1000), used_sale(2025, 9, 2, 1200), used_sale(2025, 9, 3, 1200),
        used_sale(2025, 9, 4, 2000)},
       9, 9, 1200, 1200},
      // Jan 10.00, 11.00 (median 10.50); Aug 20.00, 22.00, 24.00 (median 22.00,
      // no repeat so List at is that median); Nov 15.00. Peak Aug, trough Jan.
      {"several months",
       {used_sale(2026, 1, 3, 1000), used_sale(2026, 1, 20, 1100), used_sale(2025, 8, 1, 2000),
        used_sale(2025, 8, 2, 2200), used_sale(2025, 8, 3, 2400), used_sale(2025, 11, 1, 1500)},
       8, 1, 2200, 1050},
      // Aug 20.00, 20.00, 30.00, 40.00: the median would be 25.00, but 20.00
      // repeats, so List at is the mode 20.00; the trough (also Aug) uses the median.
      {"mode beats median",
       {used_sale(2025, 8, 1, 2000), used_sale(2025, 8, 2, 2000), used_sale(2025, 8, 3, 3000),
        used_sale(2025, 8, 4, 4000)},
       8, 8, 2000, 2500},
      // Two months with equal medians (15.00): the earliest month wins both.
      {"tied medians",
       {used_sale(2025, 6, 1, 1500), used_sale(2026, 2, 1, 1500)}, 2, 2, 1500, 1500},
      // Even count, odd sum: (10.01 + 10.02) / 2 = 10.015 -> 10.02 (half away from zero).
      {"median rounds half away from zero",
       {used_sale(2026, 4, 1, 1001), used_sale(2026, 4, 2, 1002)}, 4, 4, 1002, 1002},
  };
  for (const auto& c : cases) {
    SECTION(c.name) {
      const auto f = analysis::seasons_of(c.sales);
      CHECK(f.peak_month == c.peak);
      CHECK(f.trough_month == c.trough);
      CHECK(f.peak_price == c.peak_price);
      CHECK(f.expected_trough_cents == c.expected_trough);
    }
  }
}

TEST_CASE("month_of reads the UTC calendar month of a Keepa minute", "[seasons]") {
  CHECK(analysis::month_of(0) == 1);  // Keepa's epoch, 2011-01-01
  CHECK(analysis::month_of(at(2026, 1, 31, 23, 59)) == 1);
  CHECK(analysis::month_of(at(2026, 2, 1)) == 2);
  CHECK(analysis::month_of(at(2024, 2, 29, 12)) == 2);
  CHECK(analysis::month_of(at(2025, 12, 31, 23, 59)) == 12);
}

TEST_CASE("mode needs a repeated value and prefers the smaller on a tie", "[seasons]") {
  CHECK_FALSE(analysis::repeated_mode({1, 2, 3}));
  CHECK(analysis::repeated_mode({5, 3, 5, 3, 9}) == 3);
  CHECK(analysis::repeated_mode({5, 5, 5, 3, 3}) == 5);
  CHECK_FALSE(analysis::median({}));
}

TEST_CASE("List at cap is 90 % of the lowest positive Amazon price", "[seasons]") {
  keepa::product p;
  CHECK_FALSE(analysis::list_at_cap(p));  // no stats at all
  p.stats = no_data_stats();
  CHECK_FALSE(analysis::list_at_cap(p));  // Amazon never sold it
  p.stats->current[keepa::amazon] = 3000;
  p.stats->avg180[keepa::amazon] = -1;
  p.stats->avg365[keepa::amazon] = 2500;
  CHECK(analysis::list_at_cap(p) == 2250);  // 0.9 x 2500
  p.stats->avg180[keepa::amazon] = 1999;
  CHECK(analysis::list_at_cap(p) == 1799);  // 0.9 x 1999 = 1799.1
  p.stats->avg180[keepa::amazon] = keepa::not_requested;
  CHECK(analysis::list_at_cap(p) == 2250);
}

TEST_CASE("1yr Avg is the mean of the sales in the last 365 days", "[seasons]") {
  const auto now = now_minute();
  // 400 days ago (out), 100 and 10 days ago (in): (15.00 + 20.00) / 2.
  const std::vector<sale> sales{{now - days(400), 1000, true}, {now - days(100), 1500, true},
                                {now - days(10), 2000, true}};
  CHECK(analysis::one_year_average(sales, now) == 1750);
  // (10.01 + 10.02) / 2 = 10.015 -> 10.02.
  CHECK(analysis::one_year_average({{now - days(1), 1001, true}, {now - days(2), 1002, true}}, now) == 1002);
  CHECK_FALSE(analysis::one_year_average({{now - days(366), 1000, true}}, now));
  CHECK_FALSE(analysis::one_year_average({}, now));
}
