// existing(): one query that splits a batch into known and new ASINs and
// hands back what the light path needs to recompute profit.
#include "storage/deal_store.hpp"
#include "store_fixture.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace storage_test;

TEST_CASE("existing() returns the kept fields of known ASINs, flags zombies, skips unknown ones") {
  temp_dir dir;
  storage::deal_store store(dir.file("deals.db"));
  store.insert(sample_deal("KNOWN00001"));
  storage::deal_row other = sample_deal("KNOWN00002");
  other.list_at_cents = 5555;
  other.one_year_avg_cents = 3333;
  other.fba_fee_cents = 412;
  other.referral_fee_pct = 8.0;
  store.insert(other);
  storage::deal_row zombie = sample_deal("ZOMBIE0001");
  zombie.list_at_cents.reset();
  store.insert(zombie);

  const std::vector<std::string> asked{"KNOWN00001", "NEW0000001", "KNOWN00002",
                                       "ZOMBIE0001", "KNOWN00001", "NEW0000002"};
  const auto found = store.existing(asked);
  REQUIRE(found.size() == 3);
  CHECK_FALSE(found.count("NEW0000001"));
  CHECK_FALSE(found.count("NEW0000002"));

  const storage::kept_fields& first = found.at("KNOWN00001");
  CHECK(first.list_at_cents == 8999);
  CHECK(first.one_year_avg_cents == 4599);
  CHECK(first.fba_fee_cents == 398);
  CHECK(first.referral_fee_pct == 15.0);
  CHECK_FALSE(first.is_zombie());

  const storage::kept_fields& second = found.at("KNOWN00002");
  CHECK(second.list_at_cents == 5555);
  CHECK(second.one_year_avg_cents == 3333);
  CHECK(second.fba_fee_cents == 412);
  CHECK(second.referral_fee_pct == 8.0);

  CHECK(found.at("ZOMBIE0001").is_zombie());
}

TEST_CASE("existing() handles thousands of ASINs and odd characters in one call") {
  temp_dir dir;
  storage::deal_store store(dir.file("deals.db"));
  storage::write_batch batch;
  std::vector<std::string> asked;
  for (int i = 0; i < 5000; ++i) {
    const std::string asin = "B" + std::to_string(100000000 + i);
    if (i % 3 == 0) batch.inserts.push_back(sample_deal(asin));
    asked.push_back(asin);
  }
  store.write(batch);
  asked.push_back("QUOTE\"AND\\");
  asked.push_back("");

  const auto found = store.existing(asked);
  CHECK(found.size() == batch.inserts.size());
  for (const auto& deal : batch.inserts) CHECK(found.count(deal.asin) == 1);

  CHECK(store.existing(std::vector<std::string>{}).empty());
}
