// The node's three jobs, as run bodies for the scheduled-job shell. Their
// rules (which deals, when a watermark or cursor moves) are pure functions in
// ingest/; these only sequence the requests.
#pragma once

#include "actors/scheduled_job.hpp"
#include "keepa/client_query.hpp"

#include <cstddef>
#include <cstdint>

namespace kd {

inline constexpr const char* watermark_key = "refiller.watermark";
inline constexpr const char* cursor_key = "backfiller.cursor";

struct refiller_config {
  int max_pages = 50;
  std::size_t max_new_deals = 200;
  keepa::deal_selection selection = newest_first();

  // The watermark rule needs the feed newest first: Keepa's sort by age.
  static keepa::deal_selection newest_first() {
    keepa::deal_selection s;
    s.sort_type = 1;
    return s;
  }
};

struct backfiller_config {
  int max_pages = 50;
  std::size_t chunk_size = 20;
  std::size_t max_deals = 3000;  // a run, so one backfill never hogs the bucket for hours
  keepa::deal_selection selection;  // the original's query, by percent delta
};

struct janitor_config {
  std::int32_t retention_hours = 72;
};

// Walks the feed newest first down to the watermark, routes what changed
// since, then moves the watermark up to the oldest deal left unwritten.
run_body refiller_body(refiller_config config, job_context ctx);
// Walks the whole feed from the saved page:chunk cursor, a chunk at a time,
// and starts over at the end (or at max_pages).
run_body backfiller_body(backfiller_config config, job_context ctx);
// Deletes deals unseen for the retention, by the node's clock.
run_body janitor_body(janitor_config config, job_context ctx);

} // namespace kd
