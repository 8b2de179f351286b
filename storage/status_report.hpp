// What `keepa-deals status` shows, read from a deal store file without
// changing it: the deals by age and source, the token bucket and spend, each
// job's last run and next run, and the feed positions.
#pragma once

#include "storage/deal_store.hpp"

#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace storage {

// Where as_of_utc came from.
enum class status_clock { given, node_clock, wall_clock };

struct job_status {
  std::string job;
  std::int64_t runs = 0;             // runs kept in job_runs (the store prunes old ones)
  std::optional<job_run> last_run;   // the newest by started_utc
  std::optional<unix_seconds> next_run_utc;
};

struct status_report {
  std::filesystem::path db;
  int schema_version = 0;
  unix_seconds as_of_utc = 0;  // "now": ages and "today" are relative to it
  status_clock clock = status_clock::given;

  // Deals, counted by last_seen_utc younger than 1 h, 24 h, 72 h before
  // as_of_utc (each count includes the younger ones).
  std::int64_t deals_total = 0;
  std::int64_t seen_within_1h = 0;
  std::int64_t seen_within_24h = 0;
  std::int64_t seen_within_72h = 0;
  std::map<std::string, std::int64_t> deals_by_source;

  // The token bucket as the node last recorded it.
  std::optional<std::int64_t> token_balance;
  std::optional<std::int64_t> refill_rate;     // tokens per minute
  std::optional<std::int64_t> refill_in_ms;
  std::optional<unix_seconds> tokens_seen_utc;  // when the balance was recorded

  // Token spend by kind: the UTC day of as_of_utc, and every day kept.
  std::map<std::string, std::int64_t> spent_today;
  std::map<std::string, std::int64_t> spent_total;
  std::int64_t spent_today_total = 0;
  std::int64_t spent_all_total = 0;

  std::array<job_status, 3> jobs;  // refiller, backfiller, janitor

  // The outbox: to deliver, delivered, given up on (schema 5; before it,
  // every undelivered row counts as pending).
  notification_counts notifications;

  std::optional<std::string> refiller_watermark;  // Keepa minute, decimal
  std::optional<std::string> backfiller_cursor;   // "page:chunk"
};

// Reads `db` read-only: it never migrates, never changes the journal mode and
// never writes, so it is safe next to a running node and on a copy. A file
// from before schema version 3 reports what it has (no runs, no spend).
// `now` defaults to the node's own clock at its last record (node.clock_utc),
// else the wall clock, so a simulated node's file reports ages on its clock.
// Throws store_error naming the file: missing, not a database, not a
// keepa-deals store, from a newer program, or holding a malformed state value.
status_report read_status(const std::filesystem::path& db, std::optional<unix_seconds> now);

} // namespace storage
