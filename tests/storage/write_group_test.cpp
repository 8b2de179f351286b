// Several batches in one transaction (the writer's group commit): each gets
// the result it would have got alone, refreshes are applied in ASIN order
// without reordering two of one ASIN, and a failing batch is written apart.
#include "storage/deal_store.hpp"
#include "store_fixture.hpp"

#include <catch2/catch.hpp>

using namespace storage_test;

namespace {

storage::light_update refresh(const std::string& asin, storage::cents price, storage::unix_seconds seen) {
  storage::light_update u;
  u.asin = asin;
  u.price_now_cents = price;
  u.seen_utc = seen;
  u.source = storage::source_upserter_light;
  u.price_source = storage::price_from_stats;
  // Still worth buying, so that a drop of 10 % is news (storage::deal_criteria).
  u.profit_cents = 900;
  u.margin_pct = 30;
  return u;
}

} // namespace

TEST_CASE("a group gives each batch its own result, as if the batches were written one after the other") {
  temp_dir dir;
  storage::deal_store store(dir.file("deals.db"));
  storage::write_batch seed;
  for (const char* asin : {"B00000000C", "B00000000A", "B00000000B"}) seed.inserts.push_back(sample_deal(asin));
  store.write(seed);

  std::vector<storage::write_batch> group(3);
  // Refreshes out of ASIN order, one ASIN twice across batches, two ASINs unknown.
  group[0].light_updates = {refresh("B00000000C", 2000, t0 + hour), refresh("GONE00000Z", 100, t0 + hour),
                            refresh("B00000000A", 2100, t0 + hour)};
  group[1].light_updates = {refresh("B00000000C", 1500, t0 + 2 * hour), refresh("GONE00000Y", 100, t0 + hour)};
  group[1].state = {{"refiller.watermark", "7777777", t0 + 2 * hour}};
  // A batch that inserts: its refreshes see its own insert, as alone.
  group[2].inserts = {sample_deal("B00000000D", t0 + 2 * hour)};
  group[2].light_updates = {refresh("B00000000D", 1800, t0 + 3 * hour)};

  const auto outcomes = store.write_group(group);
  REQUIRE(outcomes.size() == 3);
  for (const auto& o : outcomes) REQUIRE(o.result);
  CHECK(outcomes[0].result->refreshed == 2);
  CHECK(outcomes[0].result->not_found == std::vector<std::string>{"GONE00000Z"});
  CHECK(outcomes[1].result->refreshed == 1);
  CHECK(outcomes[1].result->not_found == std::vector<std::string>{"GONE00000Y"});
  CHECK(outcomes[2].result->new_deals == 1);
  CHECK(outcomes[2].result->refreshed == 1);

  // The later refresh of C won, and its drop from 2000 to 1500 is a price drop.
  const auto c = store.find("B00000000C");
  REQUIRE(c);
  CHECK(c->row.price_now_cents == 1500);
  CHECK(c->previous_price_cents == 2000);
  CHECK(c->row.last_seen_utc == t0 + 2 * hour);
  CHECK(store.find("B00000000D")->row.price_now_cents == 1800);
  CHECK(store.state("refiller.watermark") == "7777777");
  std::size_t drops = 0;
  for (const auto& n : store.pending_notifications(100))
    drops += n.kind == "price_drop" && n.asin == "B00000000C";
  CHECK(drops == 2);  // 2499 -> 2000 and 2000 -> 1500, each at least 10 %
}

TEST_CASE("a failing batch in a group is written apart: the others commit, it writes nothing") {
  temp_dir dir;
  storage::deal_store store(dir.file("deals.db"));
  std::vector<storage::write_batch> group(3);
  group[0].inserts = {sample_deal("B000000001")};
  group[0].state = {{"backfiller.cursor", "2:0", t0}};
  group[1].inserts = {sample_deal("B000000002"), sample_deal("")};  // the empty ASIN fails
  group[1].state = {{"refiller.watermark", "7777777", t0}};
  group[2].inserts = {sample_deal("B000000003")};
  const auto outcomes = store.write_group(group);
  REQUIRE(outcomes.size() == 3);
  CHECK(outcomes[0].result);
  CHECK_FALSE(outcomes[1].result);
  CHECK_THAT(outcomes[1].error, Catch::Contains("ASIN is empty") && Catch::Contains("nothing was written"));
  CHECK(outcomes[2].result);
  CHECK(store.deal_count() == 2);
  CHECK_FALSE(store.find("B000000002"));
  CHECK(store.state("backfiller.cursor") == "2:0");
  CHECK_FALSE(store.state("refiller.watermark"));
}
