// Samples the node and the mock every simulated hour: the store's ASINs and
// the feed's listing are compared to find deletions of listed deals and
// re-admissions; the feed's viable entries feed the supply figures.
#include "bench/capacity/capacity_run.hpp"

#include "bench/process_memory.hpp"

#include "actors/jobs.hpp"
#include "analysis/peek.hpp"
#include "keepa/client_query.hpp"
#include "mock/keepa_service.hpp"
#include "sim/simulated_node.hpp"
#include "synth/universe.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <unordered_set>

namespace capacity {
namespace {

using asin_set = std::unordered_set<std::string>;

asin_set column_set(const std::filesystem::path& db, const char* sql) {
  SQLite::Database read(db.string(), SQLite::OPEN_READONLY);
  SQLite::Statement s(read, sql);
  asin_set out;
  while (s.executeStep())
    out.insert(s.getColumn(0).getString());
  return out;
}

sim::sim_options node_options(const run_options& o, const std::filesystem::path& db) {
  sim::sim_options s;
  s.mock.universe_products = o.universe;
  s.mock.seed = o.seed;
  s.mock.token_rate = o.rate;
  s.mock.initial_tokens = 60 * o.rate;  // a full bucket, as a plan starts
  s.mock.prebuilt = o.universe_built;
  s.node.pipeline.db_file = db;
  s.node.pipeline.bucket.refill_per_minute = o.rate;
  s.node.pipeline.policy = ingest::policy_for(o.mode);
  s.node.janitor.retention_hours = o.retention_hours;
  return s;
}

} // namespace

std::shared_ptr<const synth::universe> build_universe(std::size_t products, std::uint64_t seed) {
  const mock::server_options defaults;
  synth::universe_options u;
  u.products = products;
  u.seed = seed;
  u.history_days = defaults.history_days;
  u.now = keepa::to_keepa_minute(defaults.start_ms / 1000);
  return std::make_shared<const synth::universe>(u);
}

run_result run_mode(const run_options& o) {
  const auto wall_start = std::chrono::steady_clock::now();
  run_result r;
  r.mode = std::string(ingest::to_string(o.mode));
  const auto db = o.work_dir / (r.mode + ".db");
  for (const char* suffix : {"", "-wal", "-shm"})
    std::filesystem::remove(db.string() + suffix);
  auto options = node_options(o, db);
  auto counters = std::make_shared<ingest::ingest_counters>();
  options.node.pipeline.counters = counters;
  const std::string selection = keepa::selection_json(kd::refiller_config::newest_first());

  sim::simulated_node node{options};
  feed_supply supply(o.retention_hours);
  asin_set stored, ever_deleted;
  const int hours = o.days * 24;
  for (int hour = 0; hour <= hours; ++hour) {
    if (hour > 0)
      node.run_for(std::chrono::hours(1));
    const auto listed = node.service().listed(selection);
    std::vector<const keepa::deal*> viable;
    asin_set listed_asins;
    for (const auto& d : listed) {
      listed_asins.insert(d.asin);
      if (analysis::peek(d).viable())
        viable.push_back(&d);
    }
    supply.observe(hour, viable);

    auto now_stored = column_set(db, "SELECT asin FROM deals");
    for (const auto& asin : stored)
      if (!now_stored.contains(asin)) {
        ++r.deleted;
        ever_deleted.insert(asin);
        if (listed_asins.contains(asin))
          ++r.deleted_while_in_feed;
      }
    for (const auto& asin : now_stored)
      if (!stored.contains(asin) && ever_deleted.contains(asin))
        ++r.readmissions;
    stored = std::move(now_stored);

    const auto rejects = column_set(db, "SELECT asin FROM rejects");
    hour_sample sample{.hour = hour,
                       .live = static_cast<std::int64_t>(stored.size()),
                       .listed_viable = static_cast<std::int64_t>(viable.size())};
    for (const auto* d : viable)
      if (!stored.contains(d->asin) && !rejects.contains(d->asin))
        ++sample.unprocessed;
    r.hours.push_back(sample);
    if (o.progress && hour % 24 == 0)
      std::fprintf(stderr, "  %s: day %d, %lld live, %lld listed viable, %lld waiting (%.0f s)\n", r.mode.c_str(),
                   hour / 24, static_cast<long long>(sample.live), static_cast<long long>(sample.listed_viable),
                   static_cast<long long>(sample.unprocessed),
                   std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count());
  }
  r.node_tokens = node.bucket().spent;
  const auto stats = node.mock_stats();
  r.mock_tokens = stats.tokens_charged;
  r.mock_tokens_total = stats.tokens_charged_total;
  if (auto it = stats.responses_by_status.find(429); it != stats.responses_by_status.end())
    r.responses_429 = it->second;
  r.ingested = counters->read();
  r.supply = supply.figures();
  r.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  r.peak_rss_mb = bench::resident_mb("VmHWM");
  return r;
}

} // namespace capacity
