// The light path: stats-only refresh that keeps List at and recomputes profit.
#include "analysis/analyze.hpp"
#include "analysis/light_refresh.hpp"
#include "product_builder.hpp"

#include <catch2/catch.hpp>

using namespace testkit;

namespace {
storage::kept_fields kept_textbook() {
  storage::kept_fields k;
  k.list_at_cents = 3000;
  k.one_year_avg_cents = 2600;
  k.fba_fee_cents = 550;
  k.referral_fee_pct = 15.0;
  return k;
}
} // namespace

TEST_CASE("light refresh keeps List at and recomputes profit from the new price", "[light_refresh]") {
  auto p = stats_only(textbook_deal());
  p.stats->current[keepa::used] = 1500;  // the price rose from 10.00 to 15.00
  const auto now = now_unix() + 3600;
  const auto u = analysis::light_refresh(p, kept_textbook(), analysis::settings{}, now,
                                         storage::source_upserter_light);
  CHECK(u.asin == "0470000001");
  CHECK(u.title == "Organic Chemistry");  // as the fetch gave it, for a price-drop note
  CHECK(u.seen_utc == now);
  CHECK(u.source == "upserter_light");
  // 15.00 + 3.99 estimate; All-in 18.99 + 0.95 + 2.75 + 4.50 (15 % of the
  // KEPT 30.00) + 5.50 = 32.69; profit 30.00 - 32.69 = -2.69.
  CHECK(u.price_now_cents == 1899);
  CHECK_FALSE(u.price_includes_shipping);
  CHECK(u.all_in_cost_cents == 3269);
  CHECK(u.profit_cents == -269);
  REQUIRE(u.margin_pct);
  CHECK(*u.margin_pct == Approx(-269.0 / 3000 * 100));
  CHECK(u.min_listing_cents == 3632);  // 32.69 / 0.9 = 36.322..
  REQUIRE(u.percent_down);
  CHECK(*u.percent_down == Approx((2600.0 - 1899) / 2600 * 100));
  CHECK(u.sales_rank == 45000);
  CHECK(u.offers_used == 8);
  CHECK(u.offers_trend == "up");
  CHECK(u.drops_30d == 12);
  CHECK_FALSE(u.amazon_sells);
  CHECK(u.last_price_change_utc == unix_at(2026, 6, 29));
}

TEST_CASE("light refresh and heavy analysis agree on profit for the same price", "[light_refresh]") {
  // Same product, no offers: the heavy path's Price Now is also stats + estimate,
  // so feeding its List at / 1yr Avg / fees back must give identical figures.
  const analysis::settings s;
  const auto heavy = analysis::analyze(textbook_deal(), s, now_unix());
  storage::kept_fields k;
  k.list_at_cents = heavy.list_at_cents;
  k.one_year_avg_cents = heavy.one_year_avg_cents;
  k.fba_fee_cents = heavy.product_fees.fba_fee_cents;
  k.referral_fee_pct = heavy.product_fees.referral_pct;
  const auto light = analysis::light_refresh(stats_only(textbook_deal()), k, s, now_unix(), "backfiller_light");
  CHECK(light.price_now_cents == heavy.price->price_cents);
  CHECK(light.all_in_cost_cents == heavy.profit.all_in_cost_cents);
  CHECK(light.profit_cents == heavy.profit.profit_cents);
  CHECK(light.margin_pct == heavy.profit.margin_pct);
  CHECK(light.min_listing_cents == heavy.profit.min_listing_cents);
  CHECK(light.percent_down == heavy.profit.percent_down);
}

TEST_CASE("light refresh never reads history or offers (the original kept offers=20)", "[light_refresh][bug]") {
  // With or without csv history and offers, the update is the same: it comes from stats alone.
  auto full = textbook_deal();
  keepa::offer o;
  o.condition = 3;
  o.last_seen = now_minute();
  o.history = {{now_minute(), 1000, 250}};
  full.offers.push_back(o);
  const auto a = analysis::light_refresh(full, kept_textbook(), analysis::settings{}, now_unix(), "x");
  const auto b = analysis::light_refresh(stats_only(full), kept_textbook(), analysis::settings{}, now_unix(), "x");
  CHECK(a.price_now_cents == 1399);  // the offer's 12.50 is not used
  CHECK(a.price_now_cents == b.price_now_cents);
  CHECK(a.profit_cents == b.profit_cents);
  CHECK(a.offers_trend == b.offers_trend);
  CHECK(a.sales_rank == b.sales_rank);
}

TEST_CASE("light refresh without a current price records no price and no profit", "[light_refresh]") {
  auto p = stats_only(textbook_deal());
  p.stats->current[keepa::used] = -1;
  p.stats->current[keepa::new_price] = -1;
  const auto u = analysis::light_refresh(p, kept_textbook(), analysis::settings{}, now_unix(), "x");
  CHECK_FALSE(u.price_now_cents);
  CHECK_FALSE(u.all_in_cost_cents);
  CHECK_FALSE(u.profit_cents);
  CHECK_FALSE(u.margin_pct);
  CHECK_FALSE(u.percent_down);
  CHECK(u.seen_utc == now_unix());  // still seen: the janitor must not delete it
  CHECK(u.sales_rank == 45000);
}

TEST_CASE("light refresh of a stats-less product still marks it seen", "[light_refresh]") {
  keepa::product p;
  p.asin = "B000000001";
  const auto u = analysis::light_refresh(p, kept_textbook(), analysis::settings{}, now_unix(), "x");
  CHECK(u.asin == "B000000001");
  CHECK(u.seen_utc == now_unix());
  CHECK_FALSE(u.price_now_cents);
  CHECK_FALSE(u.sales_rank);
  CHECK_FALSE(u.offers_used);
  CHECK(u.offers_trend.empty());
  CHECK_FALSE(u.drops_30d);
  CHECK_FALSE(u.amazon_sells);
}

TEST_CASE("light refresh falls back to settings' fees when the row kept none", "[light_refresh]") {
  auto k = kept_textbook();
  k.fba_fee_cents = 0;
  k.referral_fee_pct = 0;
  analysis::settings s;
  s.fallback_fba_fee_cents = 600;
  s.fallback_referral_pct = 10;
  const auto u = analysis::light_refresh(stats_only(textbook_deal()), k, s, now_unix(), "x");
  // 13.99 + 0.70 + 2.75 + 10 % of 30.00 = 3.00 + 6.00 = 26.44.
  CHECK(u.all_in_cost_cents == 2644);
}

TEST_CASE("offer arrows compare the used offer count with its 30-day average", "[light_refresh]") {
  CHECK(analysis::arrow_against(5, 3) == "up");
  CHECK(analysis::arrow_against(2, 3) == "down");
  CHECK(analysis::arrow_against(3, 3) == "flat");
  CHECK(analysis::arrow_against(3, -1).empty());
  CHECK(analysis::arrow_against(-2, 3).empty());
}

TEST_CASE("a refresh from the feed's entry prices the used offer plus the estimate and keeps drops", "[light_refresh]") {
  keepa::deal d;
  d.asin = "0470000001";
  d.title = "Organic Chemistry";
  d.current[keepa::used] = 1500;
  d.current_since[keepa::used] = keepa::to_keepa_minute(now_unix() - 600);
  d.current[keepa::sales_rank] = 42'000;
  d.current[keepa::count_used] = 7;
  d.avg[2][keepa::count_used] = 9;  // the month's average: fewer offers now
  d.current[keepa::amazon] = -1;
  const auto now = now_unix() + 3600;
  const auto u = analysis::feed_refresh(d, kept_textbook(), analysis::settings{}, now, "upserter_feed");
  CHECK(u.asin == "0470000001");
  CHECK_FALSE(u.from_product);  // last_light_fetch_utc and drops_30d stay as stored
  CHECK(u.title == "Organic Chemistry");
  CHECK(u.price_source == "feed");
  // The same figures the light refresh computes from the same price.
  CHECK(u.price_now_cents == 1899);
  CHECK(u.profit_cents == -269);
  CHECK(u.sales_rank == 42'000);
  CHECK(u.offers_used == 7);
  CHECK(u.offers_trend == "down");
  CHECK_FALSE(u.amazon_sells);
  CHECK(u.last_price_change_utc == keepa::to_unix(d.current_since[keepa::used]));
  CHECK_FALSE(u.drops_30d);
}

TEST_CASE("a feed entry without a used or new price refreshes without a price or profit", "[light_refresh]") {
  keepa::deal d;
  d.asin = "0470000001";
  const auto u = analysis::feed_refresh(d, kept_textbook(), analysis::settings{}, now_unix(), "upserter_feed");
  CHECK_FALSE(u.price_now_cents);
  CHECK_FALSE(u.profit_cents);
  CHECK(u.seen_utc == now_unix());
}
