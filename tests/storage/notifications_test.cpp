// The outbox: a new ASIN and a real price drop are news; a plain refresh is
// not (the original announced every refresh as a new deal).
#include "storage/deal_store.hpp"
#include "store_fixture.hpp"

#include <catch2/catch.hpp>

using namespace storage_test;

TEST_CASE("insert queues new_deal, a small refresh nothing, a 20% drop price_drop") {
  temp_dir dir;
  storage::deal_store store(dir.file("deals.db"));
  store.insert(sample_deal("0134093410", t0));  // Price Now 24.99

  auto pending = store.pending_notifications(10);
  REQUIRE(pending.size() == 1);
  CHECK(pending[0].asin == "0134093410");
  CHECK(pending[0].kind == "new_deal");
  CHECK(pending[0].created_utc == t0);
  CHECK_THAT(pending[0].payload, Catch::Contains("\"title\":\"Calculus: Early Transcendentals\""));
  CHECK_THAT(pending[0].payload, Catch::Contains("\"price_now_cents\":2499"));

  // 24.99 -> 23.99 (4%), then the same price again, then a rise: none is news.
  store.refresh(sample_refresh("0134093410", t0 + hour, 2399));
  store.refresh(sample_refresh("0134093410", t0 + 2 * hour, 2399));
  store.refresh(sample_refresh("0134093410", t0 + 3 * hour, 2500));
  // A re-analysis of the same ASIN is not a new deal either.
  store.insert(sample_deal("0134093410", t0 + 4 * hour));
  CHECK(store.pending_notifications(10).size() == 1);

  // 24.99 -> 19.99: a 20% drop.
  store.refresh(sample_refresh("0134093410", t0 + 5 * hour, 1999));
  pending = store.pending_notifications(10);
  REQUIRE(pending.size() == 2);
  CHECK(pending[1].kind == "price_drop");
  CHECK(pending[1].created_utc == t0 + 5 * hour);
  CHECK_THAT(pending[1].payload, Catch::Contains("\"old_price_cents\":2499"));
  CHECK_THAT(pending[1].payload, Catch::Contains("\"new_price_cents\":1999"));
  CHECK_THAT(pending[1].payload, Catch::Contains("\"title\":\"Calculus: Early Transcendentals\""));
}

TEST_CASE("each drop in one batch carries its own deal's title, an empty one included") {
  temp_dir dir;
  storage::deal_store store(dir.file("deals.db"));
  auto physics = sample_deal("0000000001", t0);
  physics.title = "University Physics \"with\" Modern Physics";  // quotes must come out escaped
  auto untitled = sample_deal("0000000002", t0);
  untitled.title.clear();
  store.insert(physics);
  store.insert(untitled);
  store.insert(sample_deal("0000000003", t0));  // Calculus, after the others in the batch

  storage::write_batch drops;
  drops.light_updates = {sample_refresh("0000000001", t0 + hour, 1999), sample_refresh("0000000002", t0 + hour, 1999),
                         sample_refresh("0000000003", t0 + hour, 1999)};
  store.write(drops);

  const auto pending = store.pending_notifications(10);
  REQUIRE(pending.size() == 6);
  CHECK(pending[3].asin == "0000000001");
  CHECK_THAT(pending[3].payload, Catch::Contains(R"("title":"University Physics \"with\" Modern Physics")"));
  CHECK(pending[4].asin == "0000000002");
  CHECK_THAT(pending[4].payload, Catch::Contains(R"("title":"")"));
  CHECK(pending[5].asin == "0000000003");
  CHECK_THAT(pending[5].payload, Catch::Contains(R"("title":"Calculus: Early Transcendentals")"));
}

TEST_CASE("a drop note takes the title its refresh carries, the stored one when it carries none") {
  temp_dir dir;
  storage::deal_store store(dir.file("deals.db"));
  store.insert(sample_deal("0000000001", t0));  // stored: Calculus
  store.insert(sample_deal("0000000002", t0));

  storage::write_batch drops;
  drops.light_updates = {sample_refresh("0000000001", t0 + hour, 1999), sample_refresh("0000000002", t0 + hour, 1999)};
  drops.light_updates[0].title = "Calculus: Early Transcendentals, 9th \"Global\" Edition";  // as Keepa gave it now
  store.write(drops);

  const auto pending = store.pending_notifications(10);
  REQUIRE(pending.size() == 4);
  CHECK(pending[2].asin == "0000000001");
  CHECK_THAT(pending[2].payload,
             Catch::Contains(R"("title":"Calculus: Early Transcendentals, 9th \"Global\" Edition")"));
  CHECK(pending[3].asin == "0000000002");
  CHECK_THAT(pending[3].payload, Catch::Contains(R"("title":"Calculus: Early Transcendentals")"));
  // The deal keeps the title its heavy fetch stored.
  CHECK(store.find("0000000001")->row.title == "Calculus: Early Transcendentals");
}

TEST_CASE("the price-drop threshold is configurable") {
  temp_dir dir;
  storage::store_options options;
  options.price_drop_fraction = 0.25;
  storage::deal_store store(dir.file("deals.db"), options);
  store.insert(sample_deal("0134093410", t0));                       // 24.99
  store.refresh(sample_refresh("0134093410", t0 + hour, 1999));      // -20%: below 25%
  CHECK(store.pending_notifications(10).size() == 1);
  store.refresh(sample_refresh("0134093410", t0 + 2 * hour, 1499));  // -25% of 19.99
  CHECK(store.pending_notifications(10).size() == 2);
}

TEST_CASE("a missing price and its return are not a price drop") {
  temp_dir dir;
  storage::deal_store store(dir.file("deals.db"));
  store.insert(sample_deal("0134093410", t0));
  storage::light_update gone = sample_refresh("0134093410", t0 + hour, 0);
  gone.price_now_cents.reset();
  store.refresh(gone);
  store.refresh(sample_refresh("0134093410", t0 + 2 * hour, 999));
  CHECK(store.pending_notifications(10).size() == 1);
}

TEST_CASE("delivered notifications leave the queue; a deleted deal leaves its undelivered one queued") {
  temp_dir dir;
  storage::deal_store store(dir.file("deals.db"));
  store.insert(sample_deal("OLD0000001", t0));
  store.insert(sample_deal("NEW0000001", t0 + 80 * hour));
  auto pending = store.pending_notifications(10);
  REQUIRE(pending.size() == 2);

  CHECK(store.mark_delivered(pending[1].id, t0 + 81 * hour));
  CHECK_FALSE(store.mark_delivered(pending[1].id, t0 + 82 * hour));  // already delivered
  CHECK_FALSE(store.mark_delivered(999999, t0 + 82 * hour));         // unknown id
  pending = store.pending_notifications(10);
  REQUIRE(pending.size() == 1);
  CHECK(pending[0].asin == "OLD0000001");

  // Since schema 5 the janitor takes nothing from the outbox: it is still to deliver.
  CHECK(store.delete_unseen_before(t0 + 8 * hour) == 1);
  REQUIRE(store.pending_notifications(10).size() == 1);
  CHECK(store.pending_notifications(10)[0].asin == "OLD0000001");
}

TEST_CASE("a price-drop threshold outside (0, 1] is refused at open") {
  temp_dir dir;
  storage::store_options options;
  options.price_drop_fraction = 10;  // meant 10%, written as a percentage
  CHECK_THROWS_WITH(storage::deal_store(dir.file("deals.db"), options),
                    Catch::Contains("price_drop_fraction must be in (0, 1], got 10"));
  options.price_drop_fraction = 0;
  CHECK_THROWS_AS(storage::deal_store(dir.file("deals.db"), options), storage::store_error);
}
