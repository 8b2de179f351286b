// Where a backfill walk stands, and the one line a terminal shows of it.
#pragma once

#include <cstdint>
#include <string>

namespace ingest {

struct backfill_progress {
  std::int32_t page = 0;           // the page being routed (0-based)
  std::int32_t max_pages = 0;      // the walk ends there at the latest
  std::int32_t pages_read = 0;     // this run
  std::int64_t asins = 0;          // routed this run
  std::int64_t max_asins = 0;      // the run's cap
  std::int64_t tokens = 0;         // spent this run
  double elapsed_seconds = 0;      // since the run began, on the node's clock
};

// "backfill: page 3/67, 240/3000 ASINs, 1230 tokens, 6 min 20 s elapsed, ETA 1 h 12 min".
// The ETA assumes the pace so far and whichever limit comes first (the cap
// or the last page); "ETA ?" before anything was routed.
std::string progress_line(const backfill_progress& p);

// "45 s", "6 min 20 s", "1 h 12 min".
std::string short_duration(double seconds);

} // namespace ingest
