// The optimal mode's memory in the store: rejects with their cooldown, the
// refresh from a feed entry, and where Price Now came from.
#include "storage/deal_store.hpp"
#include "store_fixture.hpp"

#include <catch2/catch.hpp>

using namespace storage_test;

TEST_CASE("rejects are remembered with reason, time and price, renewed, and forgotten after the cutoff") {
  temp_dir dir;
  storage::deal_store store{dir.file("deals.db")};
  storage::write_batch batch;
  batch.rejects = {{"0000000001", "no_sales", t0, 1299}, {"0000000002", "no_price", t0 + hour, std::nullopt}};
  store.write(batch);
  const std::vector<std::string> asins{"0000000001", "0000000002", "0000000003"};
  auto found = store.rejects(asins);
  REQUIRE(found.size() == 2);
  CHECK(found.at("0000000001").reason == "no_sales");
  CHECK(found.at("0000000001").price_cents == 1299);
  CHECK_FALSE(found.at("0000000002").price_cents);

  store.write({.rejects = {{"0000000001", "no_recent_sales", t0 + 2 * hour, 999}}});
  found = store.rejects(asins);
  CHECK(found.at("0000000001").reason == "no_recent_sales");
  CHECK(found.at("0000000001").rejected_utc == t0 + 2 * hour);

  CHECK(store.forget_rejects_before(t0 + 2 * hour) == 1);  // only the one rejected at t0 + 1 h
  CHECK(store.rejects(asins).size() == 1);
}

TEST_CASE("an ASIN analysed into a deal is no longer a reject") {
  temp_dir dir;
  storage::deal_store store{dir.file("deals.db")};
  store.write({.rejects = {{"0470000001", "no_sales", t0, 1000}}});
  store.write({.inserts = {sample_deal("0470000001", t0 + hour)}});
  const std::vector<std::string> asin{"0470000001"};
  CHECK(store.rejects(asin).empty());
}

TEST_CASE("a refresh from the feed moves last_seen and the price, keeps drops and the light fetch time") {
  temp_dir dir;
  storage::deal_store store{dir.file("deals.db")};
  auto deal = sample_deal("0470000001");
  deal.price_source = storage::price_from_offer;
  deal.last_light_fetch_utc = t0 - hour;
  store.insert(deal);
  const std::vector<std::string> asin{"0470000001"};
  // The product data dates from the later of the heavy and the light fetch.
  CHECK(store.existing(asin).at("0470000001").product_data_utc ==
        std::max(*deal.last_heavy_fetch_utc, *deal.last_light_fetch_utc));

  storage::light_update u;
  u.asin = deal.asin;
  u.price_now_cents = 1999;
  u.price_source = storage::price_from_feed;
  u.from_product = false;
  u.seen_utc = t0 + 5 * hour;
  u.drops_30d = std::nullopt;
  REQUIRE(store.refresh(u));
  const auto after = store.find(deal.asin);
  REQUIRE(after);
  CHECK(after->row.price_now_cents == 1999);
  CHECK(after->row.price_source == "feed");
  CHECK(after->row.last_seen_utc == t0 + 5 * hour);
  CHECK(after->row.drops_30d == deal.drops_30d);
  CHECK(after->row.last_light_fetch_utc == deal.last_light_fetch_utc);
  CHECK(after->row.list_at_cents == deal.list_at_cents);

  u.from_product = true;  // a light product call moves both
  u.price_source = storage::price_from_stats;
  u.drops_30d = 3;
  u.seen_utc = t0 + 6 * hour;
  REQUIRE(store.refresh(u));
  CHECK(store.find(deal.asin)->row.drops_30d == 3);
  CHECK(store.find(deal.asin)->row.last_light_fetch_utc == t0 + 6 * hour);
  CHECK(store.find(deal.asin)->row.price_source == "stats");
}
