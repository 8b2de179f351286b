// The backfill's progress line: what a terminal shows while a walk runs.
#include "ingest/backfill_progress.hpp"

#include <catch2/catch.hpp>

TEST_CASE("progress names pages, ASINs, tokens and an ETA from the pace so far") {
  ingest::backfill_progress p{.page = 2, .max_pages = 67, .pages_read = 3, .asins = 300, .max_asins = 3000,
                              .tokens = 1215, .elapsed_seconds = 380};
  // 300 of 3000 ASINs is the nearest limit (10 %): 9 x 380 s to go.
  CHECK(ingest::progress_line(p) ==
        "backfill: page 3/67, 300/3000 ASINs, 1215 tokens, 6 min 20 s elapsed, ETA 57 min 0 s");
  p.asins = 0;
  p.page = 0;
  CHECK_THAT(ingest::progress_line(p), Catch::EndsWith("ETA ?"));
  // The page limit comes first: page 60 of 67.
  p.page = 60;
  p.asins = 100;
  p.elapsed_seconds = 3600;
  CHECK_THAT(ingest::progress_line(p), Catch::EndsWith("ETA 7 min 0 s"));
}

TEST_CASE("short durations") {
  CHECK(ingest::short_duration(0) == "0 s");
  CHECK(ingest::short_duration(59.4) == "59 s");
  CHECK(ingest::short_duration(61) == "1 min 1 s");
  CHECK(ingest::short_duration(7322) == "2 h 2 min");
}
