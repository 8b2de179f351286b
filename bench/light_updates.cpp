// Prints how fast the deal store takes light refreshes (batches of 1,000, one
// transaction each, random ASIN order) and existence checks (batches of 100)
// on a 100,000-deal table in a WAL file under the temp directory; then, in the
// same run, the store beside its ceiling (bench/raw_light_update.hpp: the same
// UPDATE through the bare C API on identical files: in random order, sorting
// that order by ASIN in its time, and given in ASIN order) at 1,000 and 20,000
// rows a transaction, and the ratios.
#include "bench/bench_rows.hpp"
#include "bench/raw_light_update.hpp"
#include "storage/deal_store.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <sys/resource.h>
#include <unistd.h>
#include <vector>

namespace {

using namespace bench;
using clock_type = std::chrono::steady_clock;

double seconds_since(clock_type::time_point start) {
  return std::chrono::duration<double>(clock_type::now() - start).count();
}

// User + system CPU seconds of this process: on a shared machine the wall
// clock also counts the time other programs had the cores.
double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}


struct rate {
  double wall = 0;  // updates per second
  double cpu = 0;   // updates per CPU second of this process
};

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// Store and raw probe, round about, each refreshing every row once per round
// in the same random order and the same transaction size, one transaction
// each in turn: what the machine's other load does to one it does to the
// other.
void ceiling_in_the_same_run(const std::filesystem::path& dir, std::size_t rows) {
  // One file each, so every file sees each row refreshed once a round with
  // new values (a second pass of the same refreshes over one file would
  // rewrite rows and index entries with what they already hold).
  const auto store_file = dir / "ceiling-store.db", raw_file = dir / "ceiling-raw.db",
             sorted_file = dir / "ceiling-sorted.db", returning_file = dir / "ceiling-returning.db",
             quiet_file = dir / "ceiling-store-no-notes.db", self_sorted_file = dir / "ceiling-self-sorted.db";
  for (const auto& f : {store_file, raw_file, sorted_file, returning_file, quiet_file, self_sorted_file})
    fill_store(f, rows);
  storage::deal_store store(store_file);
  // The same store with its price-drop outbox out of reach (only a drop to
  // zero would queue one): what the notifications cost, which the probe skips.
  storage::deal_store quiet_store(quiet_file, {.price_drop_fraction = 1.0});
  bench::raw_light_updater raw(raw_file), raw_sorted(sorted_file), returning(returning_file, true),
      raw_self_sorted(self_sorted_file);
  std::mt19937_64 random(7);
  std::vector<std::string> order;
  for (std::size_t i = 0; i < rows; ++i) order.push_back(asin_of(i));
  storage::unix_seconds seen = start_utc + 1'000'000;

  for (const std::size_t tx : {std::size_t{1000}, std::size_t{20'000}}) {
    std::vector<double> store_wall, store_cpu, raw_wall, raw_cpu, sorted_wall, sorted_cpu, returning_wall,
        quiet_wall, quiet_cpu, self_sorted_wall, self_sorted_cpu;
    for (int round = 0; round < 4; ++round) {  // round 0 warms every cache
      std::shuffle(order.begin(), order.end(), random);
      std::vector<storage::write_batch> batches(rows / tx);
      for (std::size_t b = 0; b < batches.size(); ++b) {
        seen += 60;
        for (std::size_t i = 0; i < tx; ++i)
          batches[b].light_updates.push_back(refresh_of(order[b * tx + i], seen, random));
      }
      // The store gets the rows in random order (it sorts a transaction's
      // refreshes by ASIN itself); the raw probe in random order, in random
      // order that it sorts by ASIN in its time, as the store does (the
      // ceiling for the same input), and in ASIN order, sorted here, outside
      // its time.
      std::vector<storage::write_batch> sorted_batches = batches;
      for (auto& batch : sorted_batches)
        std::sort(batch.light_updates.begin(), batch.light_updates.end(),
                  [](const auto& a, const auto& b) { return a.asin < b.asin; });
      // Each transaction goes through every variant in turn before the next
      // one, so a slow spell of the disk or the host falls on all of them
      // alike rather than on whichever ran its round then.
      struct spent {
        double wall = 0, cpu = 0;
        std::size_t rows = 0;
        rate of() const { return {rows / wall, rows / cpu}; }
      };
      spent s, quiet, r, sorted, with_returning, self_sorted;
      auto timed = [](spent& into, auto&& run) {
        const auto wall_start = clock_type::now();
        const double cpu_start = cpu_seconds();
        into.rows += run();
        into.wall += seconds_since(wall_start);
        into.cpu += cpu_seconds() - cpu_start;
      };
      for (std::size_t b = 0; b < batches.size(); ++b) {
        timed(s, [&] { return store.write(batches[b]).refreshed; });
        timed(quiet, [&] { return quiet_store.write(batches[b]).refreshed; });
        timed(r, [&] { return raw.apply(batches[b].light_updates); });
        timed(self_sorted, [&] { return raw_self_sorted.apply_sorted(batches[b]); });
        timed(sorted, [&] { return raw_sorted.apply(sorted_batches[b].light_updates); });
        timed(with_returning, [&] { return returning.apply(sorted_batches[b].light_updates); });
      }
      if (round == 0) continue;
      store_wall.push_back(s.of().wall), store_cpu.push_back(s.of().cpu);
      raw_wall.push_back(r.of().wall), raw_cpu.push_back(r.of().cpu);
      sorted_wall.push_back(sorted.of().wall), sorted_cpu.push_back(sorted.of().cpu);
      returning_wall.push_back(with_returning.of().wall);
      quiet_wall.push_back(quiet.of().wall), quiet_cpu.push_back(quiet.of().cpu);
      self_sorted_wall.push_back(self_sorted.of().wall), self_sorted_cpu.push_back(self_sorted.of().cpu);
    }
    std::printf("ceiling, %zu rows a transaction (median of 3 rounds): store %.0f/s (%.0f per CPU s); raw C API "
                "in random order %.0f/s (%.0f per CPU s), in ASIN order %.0f/s (%.0f per CPU s), in ASIN order "
                "with RETURNING %.0f/s; store / raw in ASIN order = %.2f wall, %.2f CPU\n",
                tx, median(store_wall), median(store_cpu), median(raw_wall), median(raw_cpu), median(sorted_wall),
                median(sorted_cpu), median(returning_wall), median(store_wall) / median(sorted_wall),
                median(store_cpu) / median(sorted_cpu));
    std::printf("ceiling, %zu rows a transaction: raw C API sorting the random order by ASIN in its time "
                "%.0f/s (%.0f per CPU s); store / that = %.2f wall, %.2f CPU\n",
                tx, median(self_sorted_wall), median(self_sorted_cpu), median(store_wall) / median(self_sorted_wall),
                median(store_cpu) / median(self_sorted_cpu));
    std::printf("ceiling, %zu rows a transaction: the store without price-drop notifications %.0f/s (%.0f per "
                "CPU s); / raw in ASIN order = %.2f wall, %.2f CPU; / raw sorting in its time = %.2f wall, "
                "%.2f CPU\n",
                tx, median(quiet_wall), median(quiet_cpu), median(quiet_wall) / median(sorted_wall),
                median(quiet_cpu) / median(sorted_cpu), median(quiet_wall) / median(self_sorted_wall),
                median(quiet_cpu) / median(self_sorted_cpu));
  }
}

} // namespace

int main(int argc, char** argv) {
  const std::size_t rows = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 100'000;
  constexpr std::size_t update_batch = 1000;
  constexpr std::size_t check_batch = 100;
  if (rows < update_batch) {
    std::fprintf(stderr, "bench_light_updates: need at least %zu rows, got '%s'\n", update_batch,
                 argc > 1 ? argv[1] : "");
    return 1;
  }

  const auto dir = std::filesystem::temp_directory_path() /
                   ("keepa-deals-bench-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto file = dir / "deals.db";
  std::mt19937_64 random(20261129);
  {
    storage::deal_store store(file);

    // Fill the table in batches of 10,000 inserts.
    auto start = clock_type::now();
    for (std::size_t first = 0; first < rows; first += 10'000) {
      storage::write_batch batch;
      for (std::size_t i = first; i < std::min(rows, first + 10'000); ++i) {
        batch.inserts.push_back(analysed_deal(i, random));
      }
      store.write(batch);
    }
    const double fill_s = seconds_since(start);
    std::printf("file: %s (WAL, synchronous=NORMAL)\n", file.c_str());
    std::printf("fill: %zu inserts in %.2f s = %.0f inserts/s\n", rows, fill_s, rows / fill_s);

    std::vector<std::string> order;
    order.reserve(rows);
    for (std::size_t i = 0; i < rows; ++i) order.push_back(asin_of(i));

    // Each round refreshes every deal once, in a fresh random order (or in
    // table order, to show what page locality is worth).
    storage::unix_seconds seen = start_utc;
    auto refresh_round = [&](std::size_t batches, bool shuffled = true) {
      if (shuffled) {
        std::shuffle(order.begin(), order.end(), random);
      } else {
        std::sort(order.begin(), order.end());
      }
      std::vector<storage::write_batch> prepared(batches);
      for (std::size_t b = 0; b < batches; ++b) {
        seen += 60;
        for (std::size_t i = 0; i < update_batch; ++i) {
          prepared[b].light_updates.push_back(refresh_of(order[b * update_batch + i], seen, random));
        }
      }
      const auto round_start = clock_type::now();
      const double cpu_start = cpu_seconds();
      std::size_t refreshed = 0;
      for (const auto& batch : prepared) refreshed += store.write(batch).refreshed;
      return std::tuple{refreshed, seconds_since(round_start), cpu_seconds() - cpu_start};
    };

    refresh_round(10);  // warm-up: page cache and statements
    const std::size_t batches = rows / update_batch;
    std::vector<double> rates;
    std::vector<double> cpu_rates;
    for (int round = 1; round <= 3; ++round) {
      const auto [refreshed, s, cpu] = refresh_round(batches);
      rates.push_back(refreshed / s);
      cpu_rates.push_back(refreshed / cpu);
      std::printf("light updates, round %d: %zu in %zu transactions of %zu, %.3f s = %.0f updates/s "
                  "(%.3f CPU s = %.0f per CPU second)\n",
                  round, refreshed, batches, update_batch, s, refreshed / s, cpu, refreshed / cpu);
    }
    std::sort(rates.begin(), rates.end());
    std::sort(cpu_rates.begin(), cpu_rates.end());
    std::printf("light updates/s (median of 3 rounds): %.0f wall clock, %.0f per CPU second "
                "(target >= 300000)\n",
                rates[1], cpu_rates[1]);
    {
      const auto [refreshed, s, cpu] = refresh_round(batches, false);
      std::printf("light updates in table order (for comparison): %zu in %.3f s = %.0f updates/s "
                  "(%.0f per CPU second)\n",
                  refreshed, s, refreshed / s, refreshed / cpu);
    }
    std::printf("notifications queued (refreshes that dropped >= 10%%): %zu\n",
                store.pending_notifications(rows * 4).size());

    // Existence checks: half known, half unknown ASINs per batch of 100.
    std::vector<std::vector<std::string>> asks(2000);
    for (auto& ask : asks) {
      for (std::size_t i = 0; i < check_batch; ++i) {
        ask.push_back(i % 2 ? asin_of(random() % rows) : asin_of(rows + random() % rows));
      }
    }
    for (std::size_t i = 0; i < 100; ++i) store.existing(asks[i]);  // warm-up
    auto check_start = clock_type::now();
    const double check_cpu_start = cpu_seconds();
    std::size_t found = 0;
    for (const auto& ask : asks) found += store.existing(ask).size();
    const double check_s = seconds_since(check_start);
    const double check_cpu = cpu_seconds() - check_cpu_start;
    std::printf("existence checks: %zu batches of %zu in %.3f s = %.0f batches/s = %.0f ASINs/s "
                "(%zu found; %.0f batches per CPU second)\n",
                asks.size(), check_batch, check_s, asks.size() / check_s,
                asks.size() * check_batch / check_s, found, asks.size() / check_cpu);

    // The janitor's sweep has no last_seen_utc index to read (schema 6): it
    // scans deal_live. A cutoff before every row's time, so nothing goes and
    // each run scans the same rows; each includes the checkpoint that ends
    // every sweep, here of an empty WAL.
    store.checkpoint();
    std::vector<double> sweeps;
    for (int run = 0; run < 5; ++run) {
      const auto sweep_start = clock_type::now();
      if (store.delete_unseen_before(start_utc - 1) != 0) {
        std::fprintf(stderr, "bench_light_updates: the sweep deleted rows it should not have\n");
        return 1;
      }
      sweeps.push_back(seconds_since(sweep_start) * 1000);
    }
    std::printf("janitor sweep of %zu deals, nothing to delete (median of 5): %.1f ms\n", rows, median(sweeps));
  }
  ceiling_in_the_same_run(dir, rows);
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
  return 0;
}
