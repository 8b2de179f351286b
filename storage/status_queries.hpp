// What the node's HTTP server reads from the store besides read_status():
// live deals by age, the top deals by profit, the outbox's counts and the
// live deals of the last days. One read-only connection and one read
// transaction per call, so it never waits for or blocks the node's writer.
#pragma once

#include "storage/deal_store.hpp"

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace storage {

// Deals by how long ago they were last seen: [0, 1 h), [1 h, 24 h),
// [24 h, 72 h), 72 h and more (the janitor deletes those at its next run).
struct age_bucket {
  const char* label;  // "1h", "24h", "72h", "older": the upper bound
  std::int64_t deals = 0;
};

struct top_deal {
  std::string asin;
  std::string title;
  std::optional<cents> price_now_cents;
  std::optional<cents> list_at_cents;
  std::optional<cents> profit_cents;
  std::optional<double> margin_pct;
  std::string seasonality;
};

struct outbox_counts {
  std::int64_t pending = 0;  // neither delivered nor given up on (retries included)
  std::int64_t sent = 0;     // delivered_utc set: a 2xx came back
  std::int64_t failed = 0;   // failed_utc set: refused for good (a 4xx other than 408/425/429)
};

// Deals stored at the end of a day that are still stored now: what the
// store can tell of the past, since deleted rows are gone (so older days
// are undercounted by the deals deleted since).
struct day_count {
  unix_seconds day_end_utc = 0;
  std::int64_t deals = 0;
};

struct status_snapshot {
  std::array<age_bucket, 4> by_age{{{"1h"}, {"24h"}, {"72h"}, {"older"}}};
  std::vector<top_deal> top;           // by profit, highest first; rows without a profit last
  outbox_counts notifications;
  std::vector<day_count> live_by_day;  // oldest first; the last ends at `now`
};

struct snapshot_request {
  unix_seconds now = 0;
  std::size_t top_deals = 25;
  int days = 14;
};

// Throws store_error naming the file when it cannot be read.
status_snapshot read_status_snapshot(const std::filesystem::path& db, const snapshot_request& request);

} // namespace storage
