// The writer's failure policy: which failed batches are held and retried
// (the database's fault) and which fail at once (the batch's), and the delay
// between tries.
#include "storage/deal_store.hpp"
#include "storage/write_retry.hpp"
#include "store_fixture.hpp"

#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>
#include <sqlite3.h>

using namespace storage_test;
using namespace std::chrono_literals;

TEST_CASE("a full disk, a read-only file, a held lock and an I/O error are worth retrying; bad data is not") {
  for (int code : {SQLITE_FULL, SQLITE_READONLY, SQLITE_BUSY, SQLITE_IOERR, SQLITE_IOERR_WRITE, SQLITE_CANTOPEN})
    CHECK(storage::is_transient_write_failure(code));
  for (int code : {0, SQLITE_CONSTRAINT, SQLITE_MISMATCH, SQLITE_CORRUPT, SQLITE_MISUSE, SQLITE_ERROR})
    CHECK_FALSE(storage::is_transient_write_failure(code));
}

TEST_CASE("a batch refused by a lock held elsewhere carries SQLITE_BUSY; one with an empty ASIN carries 0") {
  temp_dir dir;
  const auto file = dir.file("deals.db");
  storage::store_options options;
  options.busy_timeout_ms = 20;
  storage::deal_store store(file, options);

  storage::write_batch bad;
  bad.inserts.push_back(sample_deal(""));
  try {
    store.write(bad);
    FAIL("an empty ASIN was written");
  } catch (const storage::store_error& e) {
    CHECK(e.sqlite_code() == 0);
    CHECK_FALSE(storage::is_transient_write_failure(e.sqlite_code()));
  }

  SQLite::Database other(file, SQLite::OPEN_READWRITE);
  other.exec("BEGIN IMMEDIATE");
  storage::write_batch good;
  good.inserts.push_back(sample_deal("0000000001"));
  try {
    store.write(good);
    FAIL("the write went through a held lock");
  } catch (const storage::store_error& e) {
    CHECK(e.sqlite_code() == SQLITE_BUSY);
    CHECK(std::string(e.what()).find("database is locked") != std::string::npos);
    CHECK(storage::is_transient_write_failure(e.sqlite_code()));
  }
  other.exec("ROLLBACK");
  CHECK(store.write(good).new_deals == 1);
}

TEST_CASE("the retry delay doubles from its first value up to its cap, and starts over after a success") {
  storage::write_backoff backoff(100ms, 1s);
  std::vector<std::chrono::milliseconds> delays;
  for (int i = 0; i < 6; ++i)
    delays.push_back(backoff.next_delay());
  CHECK(delays == std::vector<std::chrono::milliseconds>{100ms, 200ms, 400ms, 800ms, 1s, 1s});
  CHECK(backoff.failures() == 6);
  backoff.reset();
  CHECK(backoff.failures() == 0);
  CHECK(backoff.next_delay() == 100ms);
}
