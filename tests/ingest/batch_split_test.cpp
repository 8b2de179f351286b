// Routing a batch: new and zombie ASINs go heavy, analysed ones go light.
#include "ingest/batch_split.hpp"

#include <catch2/catch.hpp>

namespace {
storage::kept_fields analysed(storage::cents list_at) {
  storage::kept_fields k;
  k.list_at_cents = list_at;
  k.one_year_avg_cents = 2500;
  k.fba_fee_cents = 350;
  k.referral_fee_pct = 15;
  return k;
}
} // namespace

TEST_CASE("router sends unknown ASINs heavy and known ones light with their kept fields") {
  ingest::existing_rows existing{{"B", analysed(3000)}, {"D", analysed(4100)}};
  const std::vector<std::string> batch{"A", "B", "C", "D"};
  auto routed = ingest::split_batch(batch, existing);
  CHECK(routed.heavy == std::vector<std::string>{"A", "C"});
  REQUIRE(routed.light.size() == 2);
  CHECK(routed.light[0].asin == "B");
  CHECK(routed.light[0].kept.list_at_cents == 3000);
  CHECK(routed.light[1].asin == "D");
}

TEST_CASE("a stored row without List at or 1yr Avg is analysed again") {
  storage::kept_fields no_list_at = analysed(0);
  storage::kept_fields no_avg = analysed(3000);
  no_avg.one_year_avg_cents.reset();
  ingest::existing_rows existing{{"Z1", no_list_at}, {"Z2", no_avg}};
  const std::vector<std::string> batch{"Z1", "Z2"};
  auto routed = ingest::split_batch(batch, existing);
  CHECK(routed.heavy == batch);
  CHECK(routed.light.empty());
}

TEST_CASE("an ASIN listed twice in a batch is routed once") {
  ingest::existing_rows existing{{"B", analysed(3000)}};
  const std::vector<std::string> batch{"A", "B", "A", "B"};
  auto routed = ingest::split_batch(batch, existing);
  CHECK(routed.heavy.size() == 1);
  CHECK(routed.light.size() == 1);
}

TEST_CASE("chunks hold at most the request size and keep every item") {
  std::vector<int> items(250);
  for (int i = 0; i < 250; ++i)
    items[i] = i;
  auto chunks = ingest::chunked(items, 100);
  REQUIRE(chunks.size() == 3);
  CHECK(chunks[0].size() == 100);
  CHECK(chunks[2].size() == 50);
  CHECK(chunks[2].back() == 249);
}

TEST_CASE("a new ASIN the peek rejected is skipped; a known one is still refreshed") {
  ingest::existing_rows existing{{"K", analysed(3000)}};
  const std::vector<std::string> batch{"N1", "N2", "K"};
  const std::vector<std::string> not_viable{"N2", "K"};
  auto routed = ingest::split_batch(batch, existing, not_viable);
  CHECK(routed.heavy == std::vector<std::string>{"N1"});
  CHECK(routed.skipped == std::vector<std::string>{"N2"});
  REQUIRE(routed.light.size() == 1);
  CHECK(routed.light[0].asin == "K");
}
