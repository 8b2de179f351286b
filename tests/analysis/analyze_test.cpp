// The whole heavy analysis on a hand-worked product, its reason codes, the
// original's bugs it must not have, and the row it becomes.
#include "analysis/analyze.hpp"
#include "product_builder.hpp"

#include <catch2/catch.hpp>

using namespace testkit;

namespace {

// Records what the analysis asked and answers as told.
struct recording_advisor : analysis::season_advisor {
  bool reasonable = true;
  int reasonable_calls = 0;
  std::string seen_season;
  int seen_month = 0;
  analysis::cents seen_list_at = 0;
  bool list_at_reasonable(const analysis::book_facts& book, std::string_view seasonality, int peak_month,
                          analysis::cents list_at) override {
    ++reasonable_calls;
    seen_season = seasonality;
    seen_month = peak_month;
    seen_list_at = list_at;
    return reasonable;
  }
};

} // namespace

TEST_CASE("heavy analysis of a textbook deal gives every field worked by hand", "[analyze]") {
  // The numbers are derived in product_builder.hpp's textbook_deal().
  const auto r = analysis::analyze(textbook_deal(), analysis::settings{}, now_unix());
  CHECK(r.is_deal());
  CHECK(r.reason == analysis::reject_reason::none);
  CHECK(r.asin == "0470000001");
  REQUIRE(r.price);
  CHECK(r.price->price_cents == 1399);
  CHECK_FALSE(r.price->includes_offer_shipping);
  CHECK(r.inferred_sales == 6);
  CHECK(r.offer_drops == 7);
  REQUIRE(r.profit_confidence_pct);
  CHECK(*r.profit_confidence_pct == Approx(600.0 / 7));
  CHECK(r.seasons.peak_month == 9);
  CHECK(r.seasons.trough_month == 1);
  CHECK(r.seasons.peak_price == 3000);
  CHECK(r.seasons.expected_trough_cents == 1900);
  CHECK(r.list_at_cents == 3000);
  CHECK(r.one_year_avg_cents == 2600);
  CHECK(r.seasonality == "Textbook (Summer)");
  CHECK(r.sells == "Jul - Sep");
  CHECK(r.trend == "down");
  CHECK(r.current.sales_rank == 45000);
  CHECK(r.current.offers_used == 8);
  CHECK(r.current.offers_trend == "up");
  CHECK(r.current.drops_30d == 12);
  CHECK_FALSE(r.current.amazon_sells);
  CHECK(r.current.last_price_change_utc == unix_at(2026, 6, 29));
  CHECK(r.product_fees.fba_fee_cents == 550);
  CHECK(r.product_fees.referral_pct == 15.0);
  // 13.99 + tax 0.70 (69.95) + prep 2.75 + 15 % of 30.00 = 4.50 + FBA 5.50 = 27.44.
  CHECK(r.profit.all_in_cost_cents == 2744);
  CHECK(r.profit.profit_cents == 256);
  REQUIRE(r.profit.margin_pct);
  CHECK(*r.profit.margin_pct == Approx(256.0 / 3000 * 100));
  CHECK(r.profit.min_listing_cents == 3049);  // 27.44 / 0.9 = 30.488..
  REQUIRE(r.profit.percent_down);
  CHECK(*r.profit.percent_down == Approx((2600.0 - 1399) / 2600 * 100));
}

TEST_CASE("Amazon's price caps List at at 90 %", "[analyze]") {
  auto p = textbook_deal();
  p.stats->current[keepa::amazon] = 2500;  // cap 22.50 < peak 30.00
  const auto r = analysis::analyze(p, analysis::settings{}, now_unix());
  CHECK(r.seasons.peak_price == 3000);
  CHECK(r.list_at_cents == 2250);
  CHECK(r.current.amazon_sells);
  // referral is 15 % of the capped 22.50 = 3.38 (3.375): 13.99 + 0.70 + 2.75 + 3.38 + 5.50.
  CHECK(r.profit.all_in_cost_cents == 2632);
}

TEST_CASE("1yr Avg is computed before it is checked (original rejected every deal)", "[analyze][bug]") {
  // The original validated 1yr Avg before computing it, so every heavy deal
  // failed. Here a product with recent sales is a deal with its 1yr Avg set,
  SECTION("recent sales make a deal") {
    const auto r = analysis::analyze(textbook_deal(), analysis::settings{}, now_unix());
    CHECK(r.one_year_avg_cents == 2600);
    CHECK(r.is_deal());
  }
  // and the check still bites when the computed value is really absent:
  // analysed 400 days later, every sale is older than 365 days.
  SECTION("only old sales are rejected for that reason") {
    const auto r = analysis::analyze(textbook_deal(), analysis::settings{}, now_unix() + 400 * 86400);
    CHECK(r.inferred_sales == 6);
    CHECK_FALSE(r.one_year_avg_cents);
    CHECK(r.reason == analysis::reject_reason::no_recent_sales);
  }
}

TEST_CASE("Price Now from an offer keeps its own shipping and adds no estimate (original bug)",
          "[analyze][bug]") {
  auto p = textbook_deal();
  keepa::offer o;
  o.condition = 3;
  o.last_seen = now_minute() - days(1);
  o.history = {{now_minute() - days(1), 1000, 250}};
  p.offers.push_back(o);
  const auto r = analysis::analyze(p, analysis::settings{}, now_unix());
  REQUIRE(r.price);
  CHECK(r.price->price_cents == 1250);
  CHECK(r.price->includes_offer_shipping);
  // 12.50 + 0.63 (62.5) + 2.75 + 4.50 + 5.50 = 25.88; the original added 3.99 more.
  CHECK(r.profit.all_in_cost_cents == 2588);
  CHECK(r.profit.profit_cents == 412);
}

TEST_CASE("a product that is not a deal gets a reason code, not an exception", "[analyze]") {
  const analysis::settings s;
  SECTION("no stats at all") {
    auto p = textbook_deal();
    p.stats.reset();
    const auto r = analysis::analyze(p, s, now_unix());
    CHECK(r.reason == analysis::reject_reason::no_price);
    CHECK(r.inferred_sales == 6);  // the history was still read
    CHECK_FALSE(r.profit.profit_cents);
  }
  SECTION("no current price") {
    auto p = textbook_deal();
    p.stats->current[keepa::used] = -1;
    CHECK(analysis::analyze(p, s, now_unix()).reason == analysis::reject_reason::no_price);
  }
  SECTION("no sales") {
    auto p = stats_only(textbook_deal());
    const auto r = analysis::analyze(p, s, now_unix());
    CHECK(r.reason == analysis::reject_reason::no_sales);
    CHECK(r.offer_drops == 0);
    CHECK_FALSE(r.profit_confidence_pct);
    CHECK_FALSE(r.list_at_cents);
    CHECK_FALSE(r.seasons.peak_month);
    CHECK(r.price);
    REQUIRE(r.profit.percent_down == std::nullopt);
  }
  SECTION("an empty product") {
    const auto r = analysis::analyze(keepa::product{}, s, now_unix());
    CHECK(r.reason == analysis::reject_reason::no_price);
    CHECK(r.seasonality == "Year-round");
    CHECK(r.trend == "flat");
  }
  SECTION("the advisor finds List at unreasonable") {
    recording_advisor advisor;
    advisor.reasonable = false;
    const auto r = analysis::analyze(textbook_deal(), s, now_unix(), &advisor);
    CHECK(r.reason == analysis::reject_reason::no_list_at);
    CHECK_FALSE(r.list_at_cents);
    CHECK_FALSE(r.profit.profit_cents);
    CHECK(analysis::to_string(r.reason) == "no_list_at");
  }
}

TEST_CASE("the advisor sees the capped List at, the peak month and the season", "[analyze]") {
  recording_advisor advisor;
  auto p = textbook_deal();
  p.stats->current[keepa::amazon] = 2500;
  const auto r = analysis::analyze(p, analysis::settings{}, now_unix(), &advisor);
  CHECK(r.is_deal());
  CHECK(advisor.reasonable_calls == 1);
  CHECK(advisor.seen_list_at == 2250);
  CHECK(advisor.seen_month == 9);
  CHECK(advisor.seen_season == "Textbook (Summer)");
  // A product rejected anyway costs no advisor call.
  p.stats->current[keepa::used] = -1;
  analysis::analyze(p, analysis::settings{}, now_unix(), &advisor);
  CHECK(advisor.reasonable_calls == 1);
}

TEST_CASE("an analysed deal becomes the row the heavy path inserts", "[analyze]") {
  const auto now = now_unix();
  const auto r = analysis::analyze(textbook_deal(), analysis::settings{}, now);
  const auto row = analysis::to_deal_row(r, now, storage::source_backfiller);
  CHECK(row.asin == "0470000001");
  CHECK(row.title == "Organic Chemistry");
  CHECK(row.price_now_cents == 1399);
  CHECK_FALSE(row.price_includes_shipping);
  CHECK(row.sales_rank == 45000);
  CHECK(row.offers_used == 8);
  CHECK(row.offers_trend == "up");
  CHECK(row.drops_30d == 12);
  CHECK(row.list_at_cents == 3000);
  CHECK(row.one_year_avg_cents == 2600);
  CHECK(row.expected_trough_cents == 1900);
  CHECK(row.peak_month == 9);
  CHECK(row.trough_month == 1);
  CHECK(row.seasonality == "Textbook (Summer)");
  CHECK(row.sells == "Jul - Sep");
  CHECK(row.inferred_sales == 6);
  CHECK(row.offer_drops == 7);
  CHECK(row.trend == "down");
  CHECK(row.fba_fee_cents == 550);
  CHECK(row.referral_fee_pct == 15.0);
  CHECK(row.all_in_cost_cents == 2744);
  CHECK(row.profit_cents == 256);
  CHECK(row.min_listing_cents == 3049);
  CHECK(row.last_price_change_utc == unix_at(2026, 6, 29));
  CHECK(row.first_seen_utc == now);
  CHECK(row.last_seen_utc == now);
  CHECK(row.last_heavy_fetch_utc == now);
  CHECK(row.source == "backfiller");
}

TEST_CASE("stats whose arrays were not requested (-2) analyse to a reason, not garbage", "[analyze]") {
  // The parser leaves -2 in every per-type slot Keepa did not send.
  auto p = textbook_deal();
  p.stats = keepa::product_stats{};
  const auto r = analysis::analyze(p, analysis::settings{}, now_unix());
  CHECK(r.reason == analysis::reject_reason::no_price);
  CHECK_FALSE(r.current.sales_rank);
  CHECK_FALSE(r.current.offers_used);
  CHECK(r.current.offers_trend.empty());
  CHECK_FALSE(r.current.drops_30d);
  CHECK_FALSE(r.current.amazon_sells);
  CHECK(r.list_at_cents == 3000);  // no Amazon price to cap with
  CHECK(r.trend == "down");        // window 3 without a yearly rank: 20, 24, 10
}
