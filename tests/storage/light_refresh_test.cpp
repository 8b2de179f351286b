// The light path's writes: what a refresh moves, what it keeps, what it does
// without a price, and how the janitor treats refreshed and forgotten rows.
#include "storage/deal_store.hpp"
#include "store_fixture.hpp"

#include <catch2/catch.hpp>

using namespace storage_test;

TEST_CASE("light refresh keeps every analysed field and moves last_seen_utc") {
  temp_dir dir;
  storage::deal_store store(dir.file("deals.db"));
  const storage::deal_row before = sample_deal("0134093410");
  REQUIRE(store.insert(before));

  const storage::light_update u = sample_refresh("0134093410", t0 + 30 * hour, 1999);
  REQUIRE(store.refresh(u));

  const auto stored = store.find("0134093410");
  REQUIRE(stored);
  const storage::deal_row& after = stored->row;

  // Kept: everything the heavy analysis produced.
  CHECK(after.title == before.title);
  CHECK(after.list_at_cents == before.list_at_cents);
  CHECK(after.one_year_avg_cents == before.one_year_avg_cents);
  CHECK(after.expected_trough_cents == before.expected_trough_cents);
  CHECK(after.peak_month == before.peak_month);
  CHECK(after.trough_month == before.trough_month);
  CHECK(after.seasonality == before.seasonality);
  CHECK(after.sells == before.sells);
  CHECK(after.profit_confidence_pct == before.profit_confidence_pct);
  CHECK(after.inferred_sales == before.inferred_sales);
  CHECK(after.offer_drops == before.offer_drops);
  CHECK(after.trend == before.trend);
  CHECK(after.fba_fee_cents == before.fba_fee_cents);
  CHECK(after.referral_fee_pct == before.referral_fee_pct);
  CHECK(after.first_seen_utc == before.first_seen_utc);
  CHECK(after.last_heavy_fetch_utc == before.last_heavy_fetch_utc);

  // Moved: the current figures, the recomputed profit and the times.
  CHECK(after.price_now_cents == u.price_now_cents);
  CHECK(after.price_includes_shipping == u.price_includes_shipping);
  CHECK(after.sales_rank == u.sales_rank);
  CHECK(after.offers_used == u.offers_used);
  CHECK(after.offers_trend == u.offers_trend);
  CHECK(after.drops_30d == u.drops_30d);
  CHECK(after.amazon_sells == u.amazon_sells);
  CHECK(after.last_price_change_utc == u.last_price_change_utc);
  CHECK(after.all_in_cost_cents == u.all_in_cost_cents);
  CHECK(after.profit_cents == u.profit_cents);
  CHECK(after.margin_pct == u.margin_pct);
  CHECK(after.min_listing_cents == u.min_listing_cents);
  CHECK(after.percent_down == u.percent_down);
  CHECK(after.last_seen_utc == t0 + 30 * hour);
  CHECK(after.last_light_fetch_utc == t0 + 30 * hour);
  CHECK(after.source == storage::source_upserter_light);
  CHECK(stored->previous_price_cents == before.price_now_cents);
  CHECK_FALSE(stored->price_missing_since_utc);
}

TEST_CASE("light refresh of an unknown ASIN reports it and writes nothing") {
  temp_dir dir;
  storage::deal_store store(dir.file("deals.db"));
  CHECK_FALSE(store.refresh(sample_refresh("B000000000", t0, 1000)));
  CHECK(store.deal_count() == 0);
}

TEST_CASE("light refresh without a price records the absence instead of a stale price") {
  temp_dir dir;
  storage::deal_store store(dir.file("deals.db"));
  store.insert(sample_deal("0134093410"));

  storage::light_update gone = sample_refresh("0134093410", t0 + 2 * hour, 0);
  gone.price_now_cents.reset();
  REQUIRE(store.refresh(gone));
  auto stored = store.find("0134093410");
  REQUIRE(stored);
  CHECK_FALSE(stored->row.price_now_cents);
  // Figures carried by the update are dropped too: they cannot come from a price.
  CHECK_FALSE(stored->row.profit_cents);
  CHECK_FALSE(stored->row.all_in_cost_cents);
  CHECK_FALSE(stored->row.margin_pct);
  CHECK_FALSE(stored->row.min_listing_cents);
  CHECK_FALSE(stored->row.percent_down);
  CHECK(stored->price_missing_since_utc == t0 + 2 * hour);
  CHECK(stored->row.last_seen_utc == t0 + 2 * hour);
  CHECK(stored->row.list_at_cents == 8999);

  // Still missing later: the absence keeps its first time.
  gone.seen_utc = t0 + 5 * hour;
  REQUIRE(store.refresh(gone));
  stored = store.find("0134093410");
  CHECK(stored->price_missing_since_utc == t0 + 2 * hour);
  CHECK(stored->row.last_seen_utc == t0 + 5 * hour);

  // A price again clears it.
  REQUIRE(store.refresh(sample_refresh("0134093410", t0 + 6 * hour, 2100)));
  stored = store.find("0134093410");
  CHECK(stored->row.price_now_cents == 2100);
  CHECK_FALSE(stored->price_missing_since_utc);
}

TEST_CASE("janitor spares a row a light refresh has seen and deletes one unseen past retention") {
  temp_dir dir;
  storage::deal_store store(dir.file("deals.db"));
  const storage::unix_seconds retention = 72 * hour;
  store.insert(sample_deal("0000000001", t0));
  store.insert(sample_deal("0000000002", t0));
  REQUIRE(store.refresh(sample_refresh("0000000001", t0 + 70 * hour, 2000)));

  const storage::unix_seconds now = t0 + 73 * hour;
  CHECK(store.delete_unseen_before(now - retention) == 1);
  CHECK(store.find("0000000001"));
  CHECK_FALSE(store.find("0000000002"));
  CHECK(store.deal_count() == 1);

  // Run again at the same time: nothing more to do.
  CHECK(store.delete_unseen_before(now - retention) == 0);

  // Gone from both of its tables: back in the feed, it is a new deal again,
  // analysed for the first time.
  CHECK(store.insert(sample_deal("0000000002", now)));
  CHECK(store.find("0000000002")->heavy_fetches == 1);
}

TEST_CASE("janitor compares seconds as numbers, not as text") {
  temp_dir dir;
  storage::deal_store store(dir.file("deals.db"));
  // As text "999999999" sorts after "1000000000"; as time it is earlier.
  store.insert(sample_deal("0000000003", 999'999'999));
  store.insert(sample_deal("0000000004", 1'000'000'001));
  CHECK(store.delete_unseen_before(1'000'000'000) == 1);
  CHECK_FALSE(store.find("0000000003"));
  CHECK(store.find("0000000004"));
}

TEST_CASE("janitor vacuums after a large deletion and the file keeps working") {
  temp_dir dir;
  storage::store_options options;
  options.vacuum_after_deletions = 10;
  storage::deal_store store(dir.file("deals.db"), options);
  storage::write_batch batch;
  for (int i = 0; i < 50; ++i) batch.inserts.push_back(sample_deal("V" + std::to_string(100000000 + i), t0));
  batch.inserts.push_back(sample_deal("KEEP000001", t0 + 100 * hour));
  store.write(batch);
  const auto kept_id = store.find("KEEP000001")->id;
  CHECK(store.delete_unseen_before(t0 + hour) == 50);
  CHECK(store.deal_count() == 1);
  CHECK(store.find("KEEP000001")->id == kept_id);
  CHECK(store.insert(sample_deal("NEW0000001", t0 + 101 * hour)));
}
