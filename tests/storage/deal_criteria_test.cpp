// Only deals worth buying are news: a new deal meeting min_profit and
// min_margin, or a stored one whose price fell by drop_pct and still meets
// them; the deals_profitable view applies the bar the store was opened with.
#include "storage/deal_store.hpp"
#include "store_fixture.hpp"

#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>

using namespace storage_test;

namespace {

storage::deal_row with_profit(const std::string& asin, storage::cents profit, double margin) {
  auto d = sample_deal(asin);
  d.profit_cents = profit;
  d.margin_pct = margin;
  return d;
}

std::vector<std::string> profitable_asins(const std::filesystem::path& file) {
  SQLite::Database db(file, SQLite::OPEN_READONLY);
  SQLite::Statement s(db, "SELECT asin FROM deals_profitable ORDER BY asin");
  std::vector<std::string> out;
  while (s.executeStep()) out.push_back(s.getColumn(0).getString());
  return out;
}

} // namespace

TEST_CASE("deal_criteria: profit above the minimum and margin at least the minimum") {
  const storage::deal_criteria bar;  // the original's: > $0, >= 20 %
  CHECK(bar.met_by(1, 20.0));
  CHECK_FALSE(bar.met_by(0, 50.0));
  CHECK_FALSE(bar.met_by(500, 19.99));
  CHECK_FALSE(bar.met_by(std::nullopt, 50.0));
  CHECK_FALSE(bar.met_by(500, std::nullopt));
}

TEST_CASE("a new deal that loses money or has a thin margin queues no notification") {
  temp_dir dir;
  storage::deal_store store(dir.file("deals.db"));
  store.insert(with_profit("0000000001", -350, -8.0));  // loses money
  store.insert(with_profit("0000000002", 120, 12.0));   // thin margin
  store.insert(with_profit("0000000003", 4403, 48.9));  // a deal
  const auto pending = store.pending_notifications(10);
  REQUIRE(pending.size() == 1);
  CHECK(pending[0].asin == "0000000003");
  CHECK_THAT(pending[0].payload, Catch::Contains("\"margin_pct\":48.9"));
}

TEST_CASE("a price drop is news only while the deal still meets the criteria") {
  temp_dir dir;
  storage::store_options options;
  options.criteria.min_profit_cents = 5500;  // $55: the refresh at 19.99 makes $50
  storage::deal_store store(dir.file("deals.db"), options);
  auto d = with_profit("0134093410", 6000, 60.0);
  store.insert(d);
  REQUIRE(store.pending_notifications(10).size() == 1);
  store.refresh(sample_refresh("0134093410", t0 + hour, 1999));  // -20 %, profit 50.00: below $55
  CHECK(store.pending_notifications(10).size() == 1);
  store.refresh(sample_refresh("0134093410", t0 + 2 * hour, 999));  // -50 %, profit 60.00: meets
  const auto pending = store.pending_notifications(10);
  REQUIRE(pending.size() == 2);
  CHECK(pending[1].kind == "price_drop");
  CHECK_THAT(pending[1].payload, Catch::Contains("\"profit_cents\":6000"));
  CHECK_THAT(pending[1].payload, Catch::Contains("\"title\":\"Calculus: Early Transcendentals\""));
}

TEST_CASE("deals_profitable follows the criteria the store was opened with") {
  temp_dir dir;
  const auto file = dir.file("deals.db");
  {
    storage::deal_store store(file);
    store.insert(with_profit("0000000001", -350, -8.0));
    store.insert(with_profit("0000000002", 120, 12.0));
    store.insert(with_profit("0000000003", 4403, 48.9));
    store.insert(with_profit("0000000004", 1, 20.0));
  }
  CHECK(profitable_asins(file) == std::vector<std::string>{"0000000003", "0000000004"});
  storage::store_options stricter;
  stricter.criteria = {.min_profit_cents = 1000, .min_margin_pct = 10.0};
  { storage::deal_store reopened(file, stricter); }
  CHECK(profitable_asins(file) == std::vector<std::string>{"0000000003"});
}

TEST_CASE("the outbox records attempts: failed ones stay pending, refused ones end failed") {
  temp_dir dir;
  storage::deal_store store(dir.file("deals.db"));
  store.insert(with_profit("0000000001", 4403, 48.9));
  store.insert(with_profit("0000000002", 4403, 48.9));
  store.insert(with_profit("0000000003", 4403, 48.9));
  auto pending = store.pending_notifications(10);
  REQUIRE(pending.size() == 3);
  CHECK(store.count_notifications().pending == 3);

  CHECK(store.record_delivery({pending[0].id, t0 + 1, false, "HTTP 503", false}));
  CHECK(store.record_delivery({pending[0].id, t0 + 2, false, "HTTP 503", false}));
  CHECK(store.record_delivery({pending[1].id, t0 + 3, false, "HTTP 400", true}));
  CHECK(store.record_delivery({pending[2].id, t0 + 4, true, "", false}));
  CHECK_FALSE(store.record_delivery({pending[2].id, t0 + 5, true, "", false}));  // already sent
  CHECK_FALSE(store.record_delivery({pending[1].id, t0 + 5, false, "HTTP 503", false}));  // given up

  pending = store.pending_notifications(10);
  REQUIRE(pending.size() == 1);
  CHECK(pending[0].asin == "0000000001");
  CHECK(pending[0].attempts == 2);
  const auto counts = store.count_notifications();
  CHECK(counts.pending == 1);
  CHECK(counts.sent == 1);
  CHECK(counts.failed == 1);
}
