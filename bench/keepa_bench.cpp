// keepa-bench: the throughput benchmarking harness of the design card.
//   capacity   how many deals a plan keeps alive, per ingest mode, on a
//              simulated week of the whole node against the mock
//   throughput how fast each path runs with tokens unlimited, and the memory
//   replay     how fast the whole node replays a capture, session by session
// Figures are printed, never asserted; see README "Capacity".
#include "bench/capacity/capacity_run.hpp"
#include "bench/capacity/report.hpp"
#include "bench/replay/replay_run.hpp"
#include "bench/throughput/throughput_run.hpp"

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace {

struct capacity_flags {
  int days = 7;
  std::int32_t rate = 5;
  std::int32_t retention_hours = 72;
  std::size_t universe = 200'000;
  std::uint64_t seed = 11;
  std::string modes = "heavy-only,hybrid,optimal";
  bool quick = false;
  std::string json_file;
  std::string chart_file;
  std::string work_dir;
};

std::vector<ingest::ingest_mode> parse_modes(const std::string& list) {
  std::vector<ingest::ingest_mode> out;
  std::stringstream in(list);
  std::string name;
  while (std::getline(in, name, ',')) {
    const auto mode = ingest::parse_ingest_mode(name);
    if (!mode)
      throw CLI::ValidationError("--modes", "'" + name + "' is not heavy-only, hybrid or optimal");
    out.push_back(*mode);
  }
  return out;
}

int run_capacity(const capacity_flags& flags, bool days_given, bool universe_given) {
  capacity::bench_setup setup{flags.days, flags.rate, flags.retention_hours, flags.universe, flags.seed};
  if (flags.quick) {
    if (!days_given)
      setup.days = 2;
    if (!universe_given)
      setup.universe = 3000;
  }
  const auto modes = parse_modes(flags.modes);
  const std::filesystem::path work =
      flags.work_dir.empty() ? std::filesystem::temp_directory_path() / ("keepa-bench-" + std::to_string(::getpid()))
                             : std::filesystem::path(flags.work_dir);
  std::filesystem::create_directories(work);
  std::fprintf(stderr, "capacity: building the universe of %zu books once for every mode\n", setup.universe);
  const auto built = capacity::build_universe(setup.universe, setup.seed);
  std::vector<capacity::run_result> runs;
  for (const auto mode : modes) {
    std::fprintf(stderr, "capacity: %s, %d days, universe %zu\n", std::string(ingest::to_string(mode)).c_str(),
                 setup.days, setup.universe);
    runs.push_back(capacity::run_mode({.mode = mode,
                                       .days = setup.days,
                                       .rate = setup.rate,
                                       .retention_hours = setup.retention_hours,
                                       .universe = setup.universe,
                                       .seed = setup.seed,
                                       .work_dir = work,
                                       .universe_built = built}));
  }
  if (flags.work_dir.empty())
    std::filesystem::remove_all(work);
  std::fputs(capacity::table(setup, runs).c_str(), stdout);
  if (!flags.json_file.empty())
    std::ofstream(flags.json_file) << capacity::json(setup, runs);
  if (!flags.chart_file.empty() && !capacity::chart(setup, runs, flags.chart_file))
    return 1;
  return 0;
}

int run_throughput(const std::vector<std::size_t>& sizes, std::uint64_t seed) {
  const auto work = std::filesystem::temp_directory_path() / ("keepa-bench-" + std::to_string(::getpid()));
  std::filesystem::create_directories(work);
  std::printf("throughput: tokens unlimited, the mock in process (seed %llu), batches of 1,000\n",
              static_cast<unsigned long long>(seed));
  for (const auto deals : sizes) {
    const auto r = throughput::run(deals, seed, work);
    std::printf("%zu deals (universe built: %lld MB resident)\n", r.deals, static_cast<long long>(r.rss_after_universe_mb));
    for (const auto& p : r.phases)
      std::printf("  %-14s %8lld in %7.2f s = %9.0f/s; writer %9.0f rows/s\n", p.name.c_str(),
                  static_cast<long long>(p.items), p.seconds, p.per_second(), p.rows_per_second());
    std::printf("  peak resident %lld MB\n", static_cast<long long>(r.peak_rss_mb));
    std::fflush(stdout);
  }
  std::filesystem::remove_all(work);
  return 0;
}

} // namespace

int main(int argc, char** argv) {
  CLI::App app{"keepa-bench: keepa-deals' benchmarking harness"};
  app.require_subcommand(1);
  capacity_flags flags;
  auto* capacity = app.add_subcommand(
      "capacity", "live deals a plan keeps per ingest mode: the whole node on a simulated clock against the mock");
  capacity->add_option("--days", flags.days, "simulated days per mode (default 7; --quick: 2)")->check(CLI::Range(1, 60));
  capacity->add_option("--rate", flags.rate, "the plan's tokens a minute (default 5)")->check(CLI::Range(1, 10000));
  capacity->add_option("--retention-hours", flags.retention_hours, "the janitor's retention (default 72)")
      ->check(CLI::Range(1, 24 * 60));
  capacity->add_option("--universe", flags.universe, "books in the mock's universe (default 200000; --quick: 3000)")
      ->check(CLI::Range(1, 2'000'000));
  capacity->add_option("--seed", flags.seed, "the universe's seed (default 11)");
  capacity->add_option("--modes", flags.modes, "comma-separated: heavy-only, hybrid, optimal (default all three)");
  capacity->add_flag("--quick", flags.quick, "2 days of a 3,000-book universe: a minute, for the test suite");
  capacity->add_option("--json", flags.json_file, "also write the figures, hour by hour, as JSON to this file");
  capacity->add_option("--chart", flags.chart_file, "draw live deals over time into this PNG (gnuplot)");
  capacity->add_option("--work-dir", flags.work_dir, "keep each mode's SQLite file here (default: a temporary "
                                                     "directory, removed)");
  std::vector<std::size_t> sizes{10'000, 100'000};
  std::uint64_t throughput_seed = 11;
  auto* through = app.add_subcommand("throughput", "heavy ingests, feed and light refreshes a second with tokens "
                                                   "unlimited, and peak memory, at each store size");
  through->add_option("--deals", sizes, "store sizes (default 10000 100000)");
  through->add_option("--seed", throughput_seed, "the universe's seed (default 11)");
  std::string capture_dir;
  std::string replay_db = (std::filesystem::temp_directory_path() / "keepa-bench-replay.db").string();
  auto* replay = app.add_subcommand("replay", "how fast `keepa-deals replay` runs a capture, session by session, "
                                              "and its peak memory (make one with bench/replay/make-capture.sh)");
  replay->add_option("capture", capture_dir, "the capture directory")->required()->check(CLI::ExistingDirectory);
  replay->add_option("--db", replay_db, "the SQLite file it writes (replaced; default in the temp directory)");
  CLI11_PARSE(app, argc, argv);
  // The node's per-run lines (and its warnings about deals queued behind
  // another job's) would drown the figures.
  spdlog::set_level(spdlog::level::err);
  try {
    if (capacity->parsed())
      return run_capacity(flags, capacity->get_option("--days")->count() > 0,
                          capacity->get_option("--universe")->count() > 0);
    if (through->parsed())
      return run_throughput(sizes, throughput_seed);
    if (replay->parsed()) {
      std::fputs(replay_bench::table(replay_bench::run(capture_dir, replay_db)).c_str(), stdout);
      return 0;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "keepa-bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
