#include "bench/throughput/throughput_run.hpp"

#include "bench/process_memory.hpp"

#include "actors/pipeline.hpp"
#include "ingest/node_time.hpp"
#include "mock/in_process_source.hpp"
#include "mock/keepa_service.hpp"
#include "storage/deal_store.hpp"
#include "synth/universe.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/scoped_actor.hpp>

#include <chrono>
#include <cstdio>

namespace throughput {
namespace {

// Routes `work` in batches of `batch` and times the whole.
template <class Item>
phase timed(const char* name, caf::actor_system& sys, const kd::pipeline& p, const std::vector<Item>& work,
            std::size_t batch) {
  caf::scoped_actor self{sys};
  phase out{name};
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < work.size(); i += batch) {
    std::vector<Item> part(work.begin() + static_cast<std::ptrdiff_t>(i),
                           work.begin() + static_cast<std::ptrdiff_t>(std::min(work.size(), i + batch)));
    out.items += static_cast<std::int64_t>(part.size());
    auto receive = [&](auto&& request) {
      request.receive(
          [&](const kd::route_summary& s) {
            out.rows += static_cast<std::int64_t>(s.heavy.written + s.light.written + s.from_feed);
          },
          [&](caf::error& e) { std::fprintf(stderr, "%s: %s\n", name, sys.render(e).c_str()); });
    };
    if constexpr (std::is_same_v<Item, keepa::deal>)
      receive(self->request(p.router, caf::infinite, kd::route_atom::value, std::move(part), 0));
    else
      receive(self->request(p.router, caf::infinite, kd::route_atom::value, std::move(part)));
  }
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

// A feed entry for every stored deal, its used price a cent lower: what a
// walk over a feed that lists them all would route.
std::vector<keepa::deal> entries_for(const std::filesystem::path& db) {
  SQLite::Database read(db.string(), SQLite::OPEN_READONLY);
  SQLite::Statement s(read, "SELECT asin, coalesce(price_now_cents, 1000), coalesce(sales_rank, 100000) FROM deals");
  std::vector<keepa::deal> out;
  while (s.executeStep()) {
    keepa::deal d;
    d.asin = s.getColumn(0).getString();
    d.current[keepa::used] = std::max<std::int32_t>(1, s.getColumn(1).getInt() - 400);
    d.current[keepa::sales_rank] = s.getColumn(2).getInt();
    d.current[keepa::count_used] = 5;
    out.push_back(std::move(d));
  }
  return out;
}

} // namespace

result run(std::size_t deals, std::uint64_t seed, const std::filesystem::path& work_dir) {
  result r;
  r.deals = deals;
  const auto db = work_dir / ("throughput-" + std::to_string(deals) + ".db");
  for (const char* suffix : {"", "-wal", "-shm"})
    std::filesystem::remove(db.string() + suffix);

  mock::server_options mock;
  mock.universe_products = deals;
  mock.seed = seed;
  mock.token_rate = 1'000'000;  // tokens do not limit this benchmark
  mock.initial_tokens = std::int64_t{1} << 40;
  mock.simulated_clock = true;
  auto service = std::make_shared<mock::keepa_service>(mock);
  r.rss_after_universe_mb = bench::resident_mb("VmRSS");

  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  kd::pipeline_config config;
  config.db_file = db;
  config.bucket = {1'000'000, std::int64_t{1} << 40};
  config.policy = ingest::policy_for(ingest::ingest_mode::optimal);
  config.policy.heavy_offers = ingest::offers_policy::never;  // one request a new deal: the path's own speed
  config.policy.light_max_age_seconds = std::int64_t{1} << 40;  // feed refreshes without top-ups
  config.time = std::make_shared<ingest::node_time>(service->now_ms(), sys.clock().now());
  auto p = kd::spawn_pipeline(sys, config, std::make_shared<mock::in_process_source>(service));

  std::vector<std::string> asins;
  asins.reserve(deals);
  for (std::size_t i = 0; i < deals; ++i)
    asins.push_back(synth::asin_for(seed, i));
  r.phases.push_back(timed("heavy ingest", sys, p, asins, 1000));
  const auto entries = entries_for(db);
  r.phases.push_back(timed("feed refresh", sys, p, entries, 1000));
  // Bare ASINs of known deals take the light path whatever the mode.
  std::vector<std::string> known;
  for (const auto& e : entries)
    known.push_back(e.asin);
  r.phases.push_back(timed("light refresh", sys, p, known, 1000));
  p.stop();
  r.peak_rss_mb = bench::resident_mb("VmHWM");
  for (const char* suffix : {"", "-wal", "-shm"})
    std::filesystem::remove(db.string() + suffix);
  return r;
}

} // namespace throughput
