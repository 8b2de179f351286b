// The backfiller's saved position.
#include "ingest/backfill_cursor.hpp"

#include <catch2/catch.hpp>

TEST_CASE("a backfill cursor survives its text form") {
  const ingest::backfill_cursor c{12, 3};
  CHECK(ingest::to_string(c) == "12:3");
  CHECK(ingest::parse_backfill_cursor("12:3") == c);
}

TEST_CASE("a damaged backfill cursor is refused rather than guessed at") {
  for (const char* bad : {"", "12", "12:", ":3", "a:1", "1:-2", "1:2:3", "1:2x"}) {
    INFO(bad);
    CHECK_FALSE(ingest::parse_backfill_cursor(bad));
  }
}
