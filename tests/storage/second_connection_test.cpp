// The store's one writing connection next to other connections on the same
// file: readers see committed rows, a held write lock gives a clear error.
#include "storage/deal_store.hpp"
#include "store_fixture.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Transaction.h>
#include <catch2/catch.hpp>

using namespace storage_test;

TEST_CASE("a reader on its own connection sees committed deals while a read is open") {
  temp_dir dir;
  const auto file = dir.file("deals.db");
  storage::deal_store store(file);
  store.insert(sample_deal("0000000001"));

  SQLite::Database reader(file, SQLite::OPEN_READONLY);
  SQLite::Transaction snapshot(reader);  // a long read, as a dashboard query
  CHECK(reader.execAndGet("SELECT count(*) FROM deals").getInt() == 1);
  // WAL: the writer is not blocked by the open read.
  CHECK(store.insert(sample_deal("0000000002")));
  CHECK(store.refresh(sample_refresh("0000000001", t0 + hour, 1999)));
  CHECK(reader.execAndGet("SELECT count(*) FROM deals").getInt() == 1);  // its snapshot
  snapshot.commit();
  CHECK(reader.execAndGet("SELECT count(*) FROM deals").getInt() == 2);
}

TEST_CASE("a write lock held elsewhere gives an error naming the operation and the ASIN") {
  temp_dir dir;
  const auto file = dir.file("deals.db");
  storage::store_options options;
  options.busy_timeout_ms = 50;
  storage::deal_store store(file, options);
  store.insert(sample_deal("0000000001"));

  SQLite::Database other(file, SQLite::OPEN_READWRITE);
  other.exec("BEGIN IMMEDIATE");
  CHECK_THROWS_WITH(store.insert(sample_deal("0000000002")),
                    Catch::Contains("insert") && Catch::Contains("0000000002") &&
                        Catch::Contains("locked"));
  CHECK_THROWS_WITH(store.refresh(sample_refresh("0000000001", t0 + hour, 1999)),
                    Catch::Contains("light update") && Catch::Contains("0000000001"));
  other.exec("ROLLBACK");

  // The lock gone, the same store writes again.
  CHECK(store.insert(sample_deal("0000000002")));
  CHECK(store.deal_count() == 2);
}
