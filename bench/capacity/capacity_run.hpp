// One ingest mode through the whole node on a simulated clock for N days,
// against the mock's universe and meter, sampled every simulated hour.
#pragma once

#include "bench/capacity/feed_supply.hpp"
#include "ingest/ingest_counters.hpp"
#include "ingest/ingest_policy.hpp"
#include "ingest/token_use.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace synth {
class universe;
}

namespace capacity {

struct run_options {
  ingest::ingest_mode mode = ingest::ingest_mode::optimal;
  int days = 7;
  std::int32_t rate = 5;  // tokens a minute
  std::int32_t retention_hours = 72;
  std::size_t universe = 200'000;
  std::uint64_t seed = 11;
  std::filesystem::path work_dir;  // the run's SQLite file goes here
  bool progress = true;            // a line a simulated day on stderr
  // Built once for all modes (see mock::server_options::prebuilt); none: each run builds its own.
  std::shared_ptr<const synth::universe> universe_built;
};

// The universe every mode of a benchmark starts from.
std::shared_ptr<const synth::universe> build_universe(std::size_t products, std::uint64_t seed);

struct hour_sample {
  int hour = 0;
  std::int64_t live = 0;
  std::int64_t listed_viable = 0;  // viable entries the feed lists now
  std::int64_t unprocessed = 0;    // of those, neither stored nor rejected nor ruled out
};

struct run_result {
  std::string mode;
  std::vector<hour_sample> hours;
  ingest::token_use node_tokens;                   // as the node booked them
  std::map<std::string, std::int64_t> mock_tokens;  // as the mock charged them, by endpoint
  std::int64_t mock_tokens_total = 0;
  std::int64_t responses_429 = 0;
  ingest::ingest_figures ingested;
  std::int64_t deleted = 0;
  std::int64_t deleted_while_in_feed = 0;
  std::int64_t readmissions = 0;  // stored again after a deletion (fetched heavy again)
  supply_figures supply;
  double wall_seconds = 0;
  std::int64_t peak_rss_mb = 0;

  std::int64_t live_end() const { return hours.empty() ? 0 : hours.back().live; }
};

run_result run_mode(const run_options& options);

} // namespace capacity
