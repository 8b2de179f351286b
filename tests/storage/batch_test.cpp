// Mixed writes in one transaction: all of them land, or none do, and a feed
// cursor never moves without the rows it covers.
#include "storage/deal_store.hpp"
#include "store_fixture.hpp"

#include <catch2/catch.hpp>

using namespace storage_test;

namespace {

// A store holding one known deal and a feed cursor at "page-7".
struct seeded_store {
  temp_dir dir;
  storage::deal_store store{dir.file("deals.db")};
  seeded_store() {
    store.insert(sample_deal("KNOWN00001", t0));
    store.set_state({"feed.cursor", "page-7", t0});
  }
};

void check_untouched(storage::deal_store& store) {
  CHECK(store.deal_count() == 1);
  CHECK_FALSE(store.find("NEW0000001"));
  const auto known = store.find("KNOWN00001");
  REQUIRE(known);
  CHECK(known->row.price_now_cents == 2499);
  CHECK(known->row.last_seen_utc == t0);
  CHECK(store.state("feed.cursor") == "page-7");
  // Only the seed's own 'new_deal' is queued.
  CHECK(store.pending_notifications(100).size() == 1);
}

} // namespace

TEST_CASE("a batch applies inserts, light updates and state together") {
  seeded_store s;
  storage::write_batch batch;
  batch.inserts.push_back(sample_deal("NEW0000001", t0 + hour));
  batch.inserts.push_back(sample_deal("KNOWN00001", t0 + hour));  // re-analysed in place
  batch.light_updates.push_back(sample_refresh("KNOWN00001", t0 + 2 * hour, 2000));
  batch.light_updates.push_back(sample_refresh("GONE000001", t0 + 2 * hour, 2000));
  batch.state.push_back({"feed.cursor", "page-8", t0 + 2 * hour});

  const storage::batch_result result = s.store.write(batch);
  CHECK(result.new_deals == 1);
  CHECK(result.reanalysed == 1);
  CHECK(result.refreshed == 1);
  REQUIRE(result.not_found.size() == 1);
  CHECK(result.not_found[0] == "GONE000001");

  CHECK(s.store.deal_count() == 2);
  CHECK(s.store.find("KNOWN00001")->row.price_now_cents == 2000);
  CHECK(s.store.state("feed.cursor") == "page-8");
}

TEST_CASE("a batch that fails on an insert half-way writes nothing and keeps the cursor") {
  seeded_store s;
  storage::write_batch batch;
  batch.inserts.push_back(sample_deal("NEW0000001", t0 + hour));
  storage::deal_row broken = sample_deal("BROKEN0001", t0 + hour);
  broken.trough_month = 0;  // violates the schema's CHECK
  batch.inserts.push_back(broken);
  batch.inserts.push_back(sample_deal("NEW0000003", t0 + hour));
  batch.light_updates.push_back(sample_refresh("KNOWN00001", t0 + 2 * hour, 2000));
  batch.state.push_back({"feed.cursor", "page-8", t0 + 2 * hour});

  CHECK_THROWS_WITH(s.store.write(batch),
                    Catch::Contains("BROKEN0001") && Catch::Contains("nothing was written"));
  check_untouched(s.store);
  CHECK_FALSE(s.store.find("NEW0000003"));
}

TEST_CASE("a batch that fails on its last write rolls back the rows before it") {
  seeded_store s;
  storage::write_batch batch;
  batch.inserts.push_back(sample_deal("NEW0000001", t0 + hour));
  batch.light_updates.push_back(sample_refresh("KNOWN00001", t0 + 2 * hour, 2000));
  batch.state.push_back({"feed.cursor", "page-8", t0 + 2 * hour});
  batch.state.push_back({"", "no key", t0 + 2 * hour});

  CHECK_THROWS_WITH(s.store.write(batch), Catch::Contains("key is empty"));
  check_untouched(s.store);

  // The same store takes the corrected batch afterwards.
  batch.state.pop_back();
  CHECK(s.store.write(batch).new_deals == 1);
  CHECK(s.store.state("feed.cursor") == "page-8");
}

TEST_CASE("state keys read back what was set and move with updated_utc") {
  temp_dir dir;
  storage::deal_store store(dir.file("deals.db"));
  CHECK_FALSE(store.state("feed.watermark"));
  store.set_state({"feed.watermark", "1767225600", t0});
  store.set_state({"feed.watermark", "1767229200", t0 + hour});
  CHECK(store.state("feed.watermark") == "1767229200");
  CHECK_THROWS_AS(store.set_state({"", "x", t0}), storage::store_error);
}
