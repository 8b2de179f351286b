// Opening files: a new file, an empty one, ones from schema versions 1 and 2,
// one from a newer program, and one that is not a database at all.
#include "storage/deal_store.hpp"
#include "storage/schema.hpp"
#include "store_fixture.hpp"

#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>

#include <fstream>

using namespace storage_test;

TEST_CASE("a new file opens in WAL mode at the latest schema version") {
  temp_dir dir;
  const auto file = dir.file("deals.db");
  {
    storage::deal_store store(file);
    CHECK(store.schema_version() == storage::latest_schema_version());
  }
  SQLite::Database check(file, SQLite::OPEN_READONLY);
  CHECK(check.execAndGet("PRAGMA journal_mode").getString() == "wal");
  CHECK(storage::has_deals(check));
  CHECK_FALSE(check.tableExists("deals"));  // a view of the two tables below
  CHECK(check.tableExists("deal_analysis"));
  CHECK(check.tableExists("system_state"));
  CHECK(check.tableExists("notifications"));
  // The table a light refresh rewrites is one b-tree: keyed by ASIN, no
  // rowid, no index on last_seen_utc.
  CHECK_THAT(check.execAndGet("SELECT sql FROM sqlite_schema WHERE name = 'deal_live'").getString(),
             Catch::Contains("WITHOUT ROWID"));
  CHECK(check.execAndGet("SELECT count(*) FROM sqlite_schema WHERE type = 'index' "
                         "AND tbl_name = 'deal_live'").getInt() == 0);
  CHECK(check.execAndGet("SELECT count(*) FROM sqlite_schema WHERE type = 'view' "
                         "AND name = 'deals_display'").getInt() == 1);
  CHECK(check.tableExists("job_runs"));
  CHECK(check.execAndGet("SELECT count(*) FROM sqlite_schema WHERE type = 'index' "
                         "AND name = 'job_runs_by_job'").getInt() == 1);
  // WITHOUT ROWID: the (day, kind) key is the row, no second b-tree.
  CHECK_THAT(check.execAndGet("SELECT sql FROM sqlite_schema WHERE name = 'token_spend'").getString(),
             Catch::Contains("WITHOUT ROWID"));
}

TEST_CASE("an empty file is migrated from version 0") {
  temp_dir dir;
  const auto file = dir.file("deals.db");
  std::ofstream{file};  // zero bytes
  storage::deal_store store(file);
  CHECK(store.schema_version() == storage::latest_schema_version());
  CHECK(store.insert(sample_deal("0134093410")));
}

TEST_CASE("a version 1 file is upgraded in place and keeps its deals") {
  temp_dir dir;
  const auto file = dir.file("deals.db");
  const auto steps = storage::schema_migrations();
  REQUIRE(steps.size() >= 2);
  {
    SQLite::Database old(file, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    old.exec(steps[0].sql);
    old.exec("PRAGMA user_version = 1");
    old.exec("INSERT INTO deals (asin, title, price_now_cents, list_at_cents, one_year_avg_cents, "
             "seasonality, first_seen_utc, last_seen_utc, source) "
             "VALUES ('0134093410', 'Old row', 2499, 8999, 4599, 'Textbook', 1767225600, "
             "1767225600, 'backfiller')");
    old.exec("INSERT INTO system_state VALUES ('feed.cursor', 'page-3', 1767225600)");
  }

  storage::deal_store store(file);
  CHECK(store.schema_version() == storage::latest_schema_version());
  const auto row = store.find("0134093410");
  REQUIRE(row);
  CHECK(row->row.title == "Old row");
  CHECK(row->row.list_at_cents == 8999);
  CHECK(row->heavy_fetches == 1);
  CHECK_FALSE(row->price_missing_since_utc);
  CHECK(store.state("feed.cursor") == "page-3");

  // The new columns and tables work on the old row.
  storage::light_update gone = sample_refresh("0134093410", t0 + hour, 0);
  gone.price_now_cents.reset();
  CHECK(store.refresh(gone));
  CHECK(store.find("0134093410")->price_missing_since_utc == t0 + hour);
  CHECK(store.existing(std::vector<std::string>{"0134093410"}).size() == 1);
}

TEST_CASE("a version 2 file is upgraded to version 3 and keeps its rows") {
  temp_dir dir;
  const auto file = dir.file("deals.db");
  REQUIRE(storage::latest_schema_version() >= 3);
  make_old_file(file, 2);
  {
    SQLite::Database old(file, SQLite::OPEN_READWRITE);
    old.exec("INSERT INTO deals (asin, title, price_now_cents, first_seen_utc, last_seen_utc, "
             "source, heavy_fetches) VALUES ('0134093410', 'Old row', 2499, 1767225600, "
             "1767225600, 'upserter', 3)");
    old.exec("INSERT INTO notifications (asin, kind, created_utc) "
             "VALUES ('0134093410', 'new_deal', 1767225600)");
    old.exec("INSERT INTO system_state VALUES ('backfiller.cursor', '4:2', 1767225600)");
  }

  storage::deal_store store(file);
  CHECK(store.schema_version() == storage::latest_schema_version());
  const auto row = store.find("0134093410");
  REQUIRE(row);
  CHECK(row->row.title == "Old row");
  CHECK(row->heavy_fetches == 3);
  // Queued before the deal criteria existed (for every deal): kept, not sent.
  CHECK(store.pending_notifications(10).empty());
  CHECK(store.count_notifications().failed == 1);
  CHECK(store.state("backfiller.cursor") == "4:2");

  // The new tables take the node's records.
  storage::write_batch batch;
  batch.runs.push_back({"janitor", t0, t0 + 5, "ok", "", 0, 0});
  batch.spend.push_back({t0, "light", 7});
  store.write(batch);
  SQLite::Database check(file, SQLite::OPEN_READONLY);
  CHECK(check.execAndGet("SELECT count(*) FROM job_runs").getInt() == 1);
  CHECK(check.execAndGet("SELECT tokens FROM token_spend").getInt() == 7);
}

TEST_CASE("a version 5 file is split into deal_analysis and deal_live and reads as before") {
  temp_dir dir;
  const auto file = dir.file("deals.db");
  make_old_file(file, 5);
  const std::string every_column =
      "SELECT id, asin, title, price_now_cents, price_includes_shipping, sales_rank, offers_used, offers_trend, "
      "drops_30d, amazon_sells, list_at_cents, one_year_avg_cents, expected_trough_cents, peak_month, "
      "trough_month, seasonality, sells, profit_confidence_pct, inferred_sales, offer_drops, trend, "
      "fba_fee_cents, referral_fee_pct, all_in_cost_cents, profit_cents, margin_pct, min_listing_cents, "
      "percent_down, last_price_change_utc, first_seen_utc, last_seen_utc, last_heavy_fetch_utc, "
      "last_light_fetch_utc, source, price_missing_since_utc, previous_price_cents, heavy_fetches, price_source "
      "FROM deals ORDER BY asin";
  const std::string display = "SELECT * FROM deals_display ORDER BY \"ASIN\"";
  auto rows_of = [](SQLite::Database& db, const std::string& sql) {
    std::vector<std::string> rows;
    SQLite::Statement q(db, sql);
    while (q.executeStep()) {
      std::string row;
      for (int i = 0; i < q.getColumnCount(); ++i) row += q.getColumn(i).getString() + "|";
      rows.push_back(row);
    }
    return rows;
  };
  std::vector<std::string> before, display_before;
  {
    SQLite::Database old(file, SQLite::OPEN_READWRITE);
    // Every column set, each to a value of its own, so a column moved to the
    // wrong place or dropped shows.
    old.exec("INSERT INTO deals VALUES (7, '0134093410', 'Old row', 2499, 1, 41000, 12, 'up', 4, 1, 8999, 4599, "
             "2100, 8, 5, 'Textbook', 'Jul - Sep', 61.5, 9, 3, 'falling', 398, 15.0, 4200, 3100, 34.4, 4700, "
             "72.2, 1767220000, 1767200000, 1767225600, 1767210000, 1767224000, 'upserter', NULL, 2699, 2, "
             "'offer')");
    old.exec("INSERT INTO deals (id, asin, title, price_now_cents, first_seen_utc, last_seen_utc, "
             "price_missing_since_utc) VALUES (9, '0262033844', 'No price', NULL, 1767100000, 1767100000, "
             "1767100000)");
    before = rows_of(old, every_column);
    display_before = rows_of(old, display);
  }
  REQUIRE(before.size() == 2);
  {
    storage::deal_store store(file);
    CHECK(store.schema_version() == 6);
    CHECK(store.deal_count() == 2);
  }
  SQLite::Database check(file, SQLite::OPEN_READONLY);
  CHECK(rows_of(check, every_column) == before);
  CHECK(rows_of(check, display) == display_before);
  CHECK(check.execAndGet("SELECT count(*) FROM deals_profitable").getInt() == 1);
  CHECK(check.execAndGet("SELECT count(*) FROM deal_live").getInt() == 2);
  CHECK(check.execAndGet("SELECT count(*) FROM deal_analysis").getInt() == 2);
}

TEST_CASE("reopening a migrated file changes nothing") {
  temp_dir dir;
  const auto file = dir.file("deals.db");
  std::int64_t id = 0;
  {
    storage::deal_store store(file);
    store.insert(sample_deal("0134093410"));
    id = store.find("0134093410")->id;
  }
  storage::deal_store again(file);
  CHECK(again.schema_version() == storage::latest_schema_version());
  CHECK(again.deal_count() == 1);
  CHECK(again.find("0134093410")->id == id);
}

TEST_CASE("a file from a newer schema is refused with a clear error") {
  temp_dir dir;
  const auto file = dir.file("deals.db");
  {
    SQLite::Database newer(file, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    newer.exec("PRAGMA user_version = " + std::to_string(storage::latest_schema_version() + 1));
  }
  CHECK_THROWS_WITH(storage::deal_store(file),
                    Catch::Contains("newer than this program knows") &&
                        Catch::Contains(file.string()));
}

TEST_CASE("a file that is not a database is refused with a clear error") {
  temp_dir dir;
  const auto file = dir.file("deals.db");
  {
    std::ofstream out(file);
    for (int i = 0; i < 200; ++i) out << "these are not the pages you are looking for\n";
  }
  CHECK_THROWS_WITH(storage::deal_store(file),
                    Catch::Contains("cannot open") && Catch::Contains(file.string()));
}
