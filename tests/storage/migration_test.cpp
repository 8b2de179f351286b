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
  CHECK(check.tableExists("deals"));
  CHECK(check.tableExists("system_state"));
  CHECK(check.tableExists("notifications"));
  CHECK(check.execAndGet("SELECT count(*) FROM sqlite_schema WHERE type = 'index' "
                         "AND name = 'deals_by_last_seen'").getInt() == 1);
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
