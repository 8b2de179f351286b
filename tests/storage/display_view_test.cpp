// deals_display: the original's column names, money in dollars.
#include "storage/deal_store.hpp"
#include "store_fixture.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <catch2/catch.hpp>

using namespace storage_test;

TEST_CASE("deals_display shows the original's names with money in dollars") {
  temp_dir dir;
  const auto file = dir.file("deals.db");
  storage::deal_store store(file);
  store.insert(sample_deal("0134093410", t0));

  // A second connection, as a dashboard would read it.
  SQLite::Database reader(file, SQLite::OPEN_READONLY);
  SQLite::Statement q(reader,
                      "SELECT \"ASIN\", \"Title\", \"Price Now\", \"List at\", \"1yr Avg\", "
                      "\"Profit Confidence\", \"Sales Rank\", \"Offers\", \"Drops\", "
                      "\"Detailed_Seasonality\", \"Sells\", \"All-in Cost\", \"Profit\", "
                      "\"Margin\", \"% Down\", \"Last Price Change\", \"Price Missing Since\" "
                      "FROM deals_display");
  REQUIRE(q.executeStep());
  CHECK(q.getColumn(0).getString() == "0134093410");
  CHECK(q.getColumn(1).getString() == "Calculus: Early Transcendentals");
  CHECK(q.getColumn(2).getDouble() == Approx(24.99));
  CHECK(q.getColumn(3).getDouble() == Approx(89.99));
  CHECK(q.getColumn(4).getDouble() == Approx(45.99));
  CHECK(q.getColumn(5).getDouble() == Approx(62.5));
  CHECK(q.getColumn(6).getInt64() == 154321);
  CHECK(q.getColumn(7).getString() == "17 ↓");
  CHECK(q.getColumn(8).getInt() == 9);
  CHECK(q.getColumn(9).getString() == "Textbook (Summer)");
  CHECK(q.getColumn(10).getString() == "Jul - Sep");
  CHECK(q.getColumn(11).getDouble() == Approx(45.96));
  CHECK(q.getColumn(12).getDouble() == Approx(44.03));
  CHECK(q.getColumn(13).getDouble() == Approx(48.93));
  CHECK(q.getColumn(14).getDouble() == Approx(45.7));
  CHECK(q.getColumn(15).getString() == "2025-12-31 19:00:00");
  CHECK(q.getColumn(16).isNull());
  CHECK_FALSE(q.executeStep());
}
