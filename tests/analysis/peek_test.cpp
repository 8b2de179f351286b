// The peek: stats-only viability of a new ASIN before the heavy fetch.
#include "analysis/peek.hpp"
#include "product_builder.hpp"

#include <catch2/catch.hpp>

using analysis::peek_reason;

namespace {
struct peek_case {
  const char* name;
  std::int32_t avg90_amazon, avg90_new, avg90_used, current_used, current_new;
  peek_reason expected;
};
} // namespace

TEST_CASE("peek rejects low sell, missing buy, buy above sell and thin margins", "[peek]") {
  // sell = max(avg90 Amazon, NEW, USED); buy = current USED, else NEW.
  const std::vector<peek_case> cases{
      {"sell under $12", -1, 1100, 1000, 500, -1, peek_reason::sell_too_low},
      {"no averages at all", -1, -1, -1, 500, -1, peek_reason::sell_too_low},
      {"no buy price", -1, -1, 3000, -1, -1, peek_reason::no_buy_price},
      // 23.00 > 1.1 x 20.00 = 22.00.
      {"buy above 1.1 x sell", -1, -1, 2000, 2300, -1, peek_reason::buy_above_sell},
      // (20.00 - 18.00) / 18.00 = 0.11 < 0.2.
      {"thin margin", -1, -1, 2000, 1800, -1, peek_reason::thin_margin},
      // (20.00 - 16.00) / 16.00 = 0.25.
      {"viable", -1, -1, 2000, 1600, -1, peek_reason::viable},
      // (12.00 - 10.00) / 10.00 = 0.2 exactly: not below 0.2.
      {"margin exactly 20 %", 1200, -1, -1, 1000, -1, peek_reason::viable},
      // No used: buy is the new 10.00; sell is Amazon's 30.00.
      {"new price when no used", 3000, 2500, -1, -1, 1000, peek_reason::viable},
  };
  for (const auto& c : cases) {
    SECTION(c.name) {
      keepa::product p;
      p.stats = testkit::no_data_stats();
      p.stats->avg90[keepa::amazon] = c.avg90_amazon;
      p.stats->avg90[keepa::new_price] = c.avg90_new;
      p.stats->avg90[keepa::used] = c.avg90_used;
      p.stats->current[keepa::used] = c.current_used;
      p.stats->current[keepa::new_price] = c.current_new;
      const auto v = analysis::peek(p);
      CHECK(v.reason == c.expected);
      CHECK(v.viable() == (c.expected == peek_reason::viable));
    }
  }
}

TEST_CASE("peek without stats says so", "[peek]") {
  const auto v = analysis::peek(keepa::product{});
  CHECK(v.reason == peek_reason::no_stats);
  CHECK(analysis::to_string(v.reason) == "no_stats");
}

TEST_CASE("a deal-feed entry peeks like its product's stats, from avg[3] and current", "[peek]") {
  // The same figures as the "viable" and "thin margin" rows above, as the
  // feed carries them: 90-day average in avg[3], the price now in current.
  keepa::deal d;
  d.avg[3] = keepa::filled(-1);
  d.avg[3][keepa::used] = 2000;
  d.avg[0][keepa::used] = 9000;  // the 24 h average must not count
  d.current[keepa::used] = 1600;
  CHECK(analysis::peek(d).reason == peek_reason::viable);
  CHECK(analysis::peek(d).sell_cents == 2000);
  d.current[keepa::used] = 1800;
  CHECK(analysis::peek(d).reason == peek_reason::thin_margin);
  d.avg[3][keepa::used] = 1100;
  CHECK(analysis::peek(d).reason == peek_reason::sell_too_low);
}
