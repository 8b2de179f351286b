// The heavy path's insert: a new ASIN is a new row; a stored ASIN is updated
// in place (the original's INSERT OR REPLACE changed ids and lost columns).
#include "storage/deal_store.hpp"
#include "store_fixture.hpp"

#include <catch2/catch.hpp>

using namespace storage_test;

TEST_CASE("insert stores every field of an analysed deal") {
  temp_dir dir;
  storage::deal_store store(dir.file("deals.db"));
  const storage::deal_row deal = sample_deal("0134093410");
  CHECK(store.insert(deal));
  const auto stored = store.find("0134093410");
  REQUIRE(stored);
  const storage::deal_row& r = stored->row;
  CHECK(r.asin == deal.asin);
  CHECK(r.title == deal.title);
  CHECK(r.price_now_cents == deal.price_now_cents);
  CHECK(r.price_includes_shipping == deal.price_includes_shipping);
  CHECK(r.sales_rank == deal.sales_rank);
  CHECK(r.offers_used == deal.offers_used);
  CHECK(r.offers_trend == deal.offers_trend);
  CHECK(r.drops_30d == deal.drops_30d);
  CHECK(r.amazon_sells == deal.amazon_sells);
  CHECK(r.list_at_cents == deal.list_at_cents);
  CHECK(r.one_year_avg_cents == deal.one_year_avg_cents);
  CHECK(r.expected_trough_cents == deal.expected_trough_cents);
  CHECK(r.peak_month == deal.peak_month);
  CHECK(r.trough_month == deal.trough_month);
  CHECK(r.seasonality == deal.seasonality);
  CHECK(r.sells == deal.sells);
  CHECK(r.profit_confidence_pct == deal.profit_confidence_pct);
  CHECK(r.inferred_sales == deal.inferred_sales);
  CHECK(r.offer_drops == deal.offer_drops);
  CHECK(r.trend == deal.trend);
  CHECK(r.fba_fee_cents == deal.fba_fee_cents);
  CHECK(r.referral_fee_pct == deal.referral_fee_pct);
  CHECK(r.all_in_cost_cents == deal.all_in_cost_cents);
  CHECK(r.profit_cents == deal.profit_cents);
  CHECK(r.margin_pct == deal.margin_pct);
  CHECK(r.min_listing_cents == deal.min_listing_cents);
  CHECK(r.percent_down == deal.percent_down);
  CHECK(r.last_price_change_utc == deal.last_price_change_utc);
  CHECK(r.first_seen_utc == deal.first_seen_utc);
  CHECK(r.last_seen_utc == deal.last_seen_utc);
  CHECK(r.last_heavy_fetch_utc == deal.last_heavy_fetch_utc);
  CHECK_FALSE(r.last_light_fetch_utc);
  CHECK(r.source == deal.source);
  CHECK(stored->heavy_fetches == 1);
}

TEST_CASE("re-insert of a stored ASIN keeps its row id and first_seen_utc") {
  temp_dir dir;
  storage::deal_store store(dir.file("deals.db"));
  store.insert(sample_deal("AAAAAAAAAA", t0));
  store.insert(sample_deal("0134093410", t0));
  store.refresh(sample_refresh("0134093410", t0 + hour, 2300));
  const auto first = store.find("0134093410");
  REQUIRE(first);

  storage::deal_row again = sample_deal("0134093410", t0 + 50 * hour);
  again.list_at_cents = 7999;
  again.seasonality = "Year-round";
  again.source = storage::source_upserter;
  CHECK_FALSE(store.insert(again));

  const auto second = store.find("0134093410");
  REQUIRE(second);
  CHECK(second->id == first->id);
  CHECK(second->row.first_seen_utc == t0);
  CHECK(second->row.last_seen_utc == t0 + 50 * hour);
  CHECK(second->row.last_heavy_fetch_utc == t0 + 50 * hour);
  // The light fetch time of the earlier refresh survives a heavy re-analysis.
  CHECK(second->row.last_light_fetch_utc == t0 + hour);
  CHECK(second->row.list_at_cents == 7999);
  CHECK(second->row.seasonality == "Year-round");
  CHECK(second->row.source == storage::source_upserter);
  CHECK(second->heavy_fetches == 2);
  CHECK(store.deal_count() == 2);
}

TEST_CASE("insert errors name the operation and the ASIN") {
  temp_dir dir;
  storage::deal_store store(dir.file("deals.db"));

  storage::deal_row bad_month = sample_deal("0306406152");
  bad_month.peak_month = 13;
  try {
    store.insert(bad_month);
    FAIL("a peak month of 13 was stored");
  } catch (const storage::store_error& e) {
    const std::string message = e.what();
    CHECK_THAT(message, Catch::Contains("insert"));
    CHECK_THAT(message, Catch::Contains("0306406152"));
    CHECK_THAT(message, Catch::Contains("peak_month"));
  }

  CHECK_THROWS_WITH(store.insert(sample_deal("")),
                    Catch::Contains("insert") && Catch::Contains("ASIN ''"));
  CHECK(store.deal_count() == 0);
  // The store is still usable after a failed write.
  CHECK(store.insert(sample_deal("0306406152")));
}

TEST_CASE("a deal without seen times or with Keepa's -1 as a price is refused, naming the field") {
  temp_dir dir;
  storage::deal_store store(dir.file("deals.db"));
  storage::deal_row unseen = sample_deal("0306406152");
  unseen.last_seen_utc = 0;  // the janitor would delete it on its next run
  CHECK_THROWS_WITH(store.insert(unseen),
                    Catch::Contains("0306406152") && Catch::Contains("last_seen_utc"));
  storage::deal_row sentinel = sample_deal("0306406152");
  sentinel.price_now_cents = -1;
  CHECK_THROWS_WITH(store.insert(sentinel), Catch::Contains("price_now_cents is negative (-1)"));
  CHECK(store.deal_count() == 0);

  REQUIRE(store.insert(sample_deal("0306406152")));
  storage::light_update no_time = sample_refresh("0306406152", 0, 1999);
  CHECK_THROWS_WITH(store.refresh(no_time),
                    Catch::Contains("light update") && Catch::Contains("seen_utc"));
  CHECK(store.find("0306406152")->row.price_now_cents == 2499);
}
