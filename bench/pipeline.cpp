// Prints how many deals per second the whole pipeline takes (router, bucket,
// fetchers, analyzer, writer, SQLite in WAL) when the source is instant:
// synthetic full-history captures replayed in-process. Pass 1 finds every
// ASIN new (heavy: analysis + INSERT); pass 2 finds them known (light:
// refresh + UPDATE). Usage: bench_pipeline [products] (default 3000).
#include "actors/pipeline.hpp"
#include "ingest/replay_source.hpp"
#include "keepa/time.hpp"
#include "synth/capture.hpp"
#include "synth/universe.hpp"

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/scoped_actor.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <sys/resource.h>
#include <unistd.h>

namespace {

void capture(const synth::universe& u, ingest::replay_source& replay) {
  replay.add_capture(synth::capture_of(u), "synthetic capture");
}

void timed_pass(const char* name, caf::actor_system& sys, const kd::pipeline& p,
                const std::vector<std::string>& asins) {
  caf::scoped_actor self{sys};
  const auto start = std::chrono::steady_clock::now();
  self->request(p.router, caf::infinite, kd::route_atom::value, asins)
      .receive(
          [&](const kd::route_summary& s) {
            const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            std::printf("%s pass: %zu ASINs in %.2f s = %.0f ASINs/s\n", name, asins.size(), seconds,
                        double(asins.size()) / seconds);
            for (const auto& [label, path] : {std::pair{"heavy", &s.heavy}, std::pair{"light", &s.light}})
              if (path->requested)
                std::printf("  %s: %zu ASINs, %zu written, %zu not deals, %lld tokens (%.2f per ASIN)\n", label,
                            path->requested, path->written, path->rejected,
                            static_cast<long long>(path->tokens_consumed),
                            double(path->tokens_consumed) / double(path->requested));
          },
          [&](caf::error& e) { std::printf("%s failed: %s\n", name, sys.render(e).c_str()); });
}

// Current resident set, from /proc: what the process holds now, not its peak.
double resident_mb() {
  std::FILE* status = std::fopen("/proc/self/status", "r");
  if (!status)
    return -1;
  char line[256];
  double kb = -1;
  while (std::fgets(line, sizeof line, status))
    if (std::sscanf(line, "VmRSS: %lf kB", &kb) == 1)
      break;
  std::fclose(status);
  return kb / 1024.0;
}

} // namespace

int main(int argc, char** argv) {
  const std::size_t products = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 3000;
  synth::universe u({.products = products, .seed = 99});
  auto replay = std::make_shared<ingest::replay_source>();
  capture(u, *replay);
  std::vector<std::string> asins;
  for (std::size_t i = 0; i < u.size(); ++i)
    asins.push_back(u.asin(i));

  const auto db = std::filesystem::temp_directory_path() / ("keepa-deals-bench-pipeline-" + std::to_string(::getpid()) + ".db");
  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  kd::pipeline_config config;
  config.db_file = db;
  config.bucket = {5, 1'000'000};  // the source is instant: measure the pipeline, not the plan
  const double before_mb = resident_mb();
  auto p = kd::spawn_pipeline(sys, config, replay);
  std::printf("pipeline over %zu synthetic three-year products replayed in-process (2 cores)\n", products);
  timed_pass("first", sys, p, asins);
  u.advance_to(u.now() + 6 * 60);
  capture(u, *replay);
  timed_pass("second", sys, p, asins);
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("resident memory: %.0f MB before the pipeline started (universe + replayed captures), "
              "%.0f MB after both passes, %.0f MB at the peak\n",
              before_mb, resident_mb(), usage.ru_maxrss / 1024.0);
  p.stop();
  for (auto suffix : {"", "-wal", "-shm"})
    std::filesystem::remove(db.string() + suffix);
}
