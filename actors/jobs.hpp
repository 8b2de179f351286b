// The node's three jobs, as run bodies for the scheduled-job shell. Their
// rules (which deals, when a watermark or cursor moves) are pure functions in
// ingest/; these only sequence the requests.
#pragma once

#include "actors/scheduled_job.hpp"
#include "ingest/backfill_progress.hpp"
#include "keepa/client_query.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>

namespace kd {

inline constexpr const char* watermark_key = "refiller.watermark";
inline constexpr const char* cursor_key = "backfiller.cursor";
// The server time (Unix seconds) at which the refiller's latest complete walk
// began: a walk that reached the watermark or the feed's end and whose rows
// all committed. Every deal the feed listed then had been seen by then, so
// the janitor never deletes past it and the backfiller knows when it pays.
inline constexpr const char* caught_up_key = "refiller.caught_up_utc";

// When the backfiller last walked to the feed's end (Unix seconds).
inline constexpr const char* walked_key = "backfiller.walked_utc";

// How long a deal stays in Keepa's feed without a change: a deal the feed
// lists was updated at most this long before.
inline constexpr std::int64_t feed_window_seconds = 12 * 3600;

struct refiller_config {
  int max_pages = 67;  // Keepa's feed answers at most 10,000 deals: 67 pages of 150
  // Every fresh entry walked is routed (what tokens cannot buy now waits in
  // the fetchers' queues); a smaller cap leaves the rest for the next walk.
  std::size_t max_new_deals = std::numeric_limits<std::size_t>::max();
  // Walk only when a page's worth of fresh entries is expected, or the last
  // walk is max_wait_minutes old (ingest/walk_pacer.hpp); false: every tick.
  bool paced = false;
  int max_wait_minutes = 60;
  // With pacing: the tokens a minute pages may take on average (0: no cap).
  // The node sets it to page_share of the plan's rate.
  double page_budget_per_minute = 0;
  double page_share = 0.25;
  keepa::deal_selection selection = newest_first();

  // The watermark rule needs the feed newest first: Keepa's sort by age.
  static keepa::deal_selection newest_first() {
    keepa::deal_selection s;
    s.sort_type = 1;
    return s;
  }
};

struct backfiller_config {
  // Walk only when it pays (see backfiller_body); false: at every tick.
  bool only_when_needed = false;
  // With only_when_needed: walk anyway when no walk completed for this long (0: never).
  std::int32_t floor_hours = 0;
  int max_pages = 50;
  std::size_t chunk_size = 20;
  std::size_t max_deals = 3000;  // a run, so one backfill never hogs the bucket for hours
  keepa::deal_selection selection;  // the original's query, by percent delta
  // Called after each page read and each chunk committed (run_node prints it
  // on a terminal); none: silent.
  std::function<void(const ingest::backfill_progress&)> on_progress;
};

struct janitor_config {
  std::int32_t retention_hours = 72;
  // Never delete a deal seen after the latest complete refiller walk minus
  // the feed's window (it may still be listed), whatever the retention says.
  bool spare_possibly_listed = false;
  // Rejects older than this are forgotten (0: rejects are not kept).
  std::int64_t reject_cooldown_seconds = 0;
};

// Walks the feed newest first down to the watermark, routes what changed
// since, then moves the watermark up to the oldest deal left unwritten.
run_body refiller_body(refiller_config config, job_context ctx);
// Walks the whole feed from the saved page:chunk cursor, a chunk at a time,
// and starts over at the end (or at max_pages). With only_when_needed it
// walks only when the refiller has no complete walk within twice the
// feed's window (a cold store, a long stop, a refiller that fell behind), or
// when the floor says so.
run_body backfiller_body(backfiller_config config, job_context ctx);
// Fetches the pending queue heavy, newest first, a chunk at a time, until it
// is empty; drops entries older than the feed's window first (a deal the
// feed still lists was updated since and is queued again with that time).
struct drainer_config {
  std::size_t chunk = 100;
};
run_body drainer_body(drainer_config config, job_context ctx);
// Deletes deals unseen for the retention, by the node's clock.
run_body janitor_body(janitor_config config, job_context ctx);

} // namespace kd
