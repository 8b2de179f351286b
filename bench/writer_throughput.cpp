// Prints light updates/s end to end through the writer actor (detached, on a
// real actor system, as the node runs it): batches of 1,000 refreshes in random
// order on a 100,000-deal file, many batches in flight at once, as the node's
// fetchers and refiller send them. The same run measures the writer with group
// commit (default bounds: 20,000 rows or 50 ms), the writer with one batch a
// transaction (as before group commit), and the raw SQLite C-API probe at
// 20,000 rows a transaction (bench/raw_light_update.hpp), with the ratios.
// Usage: bench_writer_throughput [rows (default 100000)] [rounds (default 3)] [rows a group (default 20000)]
// (the third sets both the writer's row bound and the probe's transaction size).
#include "actors/writer_actor.hpp"
#include "bench/bench_rows.hpp"
#include "bench/raw_light_update.hpp"

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/scoped_actor.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <unistd.h>

namespace {

using namespace bench;
using clock_type = std::chrono::steady_clock;
constexpr std::size_t batch_rows = 1000;


// Every row once, in a fresh random order, cut into batches of 1,000.
std::vector<storage::write_batch> one_round(std::size_t rows, std::mt19937_64& random, storage::unix_seconds& seen) {
  std::vector<std::string> order;
  for (std::size_t i = 0; i < rows; ++i) order.push_back(asin_of(i));
  std::shuffle(order.begin(), order.end(), random);
  std::vector<storage::write_batch> batches(rows / batch_rows);
  for (std::size_t b = 0; b < batches.size(); ++b) {
    seen += 60;
    for (std::size_t i = 0; i < batch_rows; ++i)
      batches[b].light_updates.push_back(refresh_of(order[b * batch_rows + i], seen, random));
  }
  return batches;
}

// Sends every batch at once and waits for every answer: updates/s.
double through_writer(caf::actor_system& sys, kd::writer_actor writer, std::vector<storage::write_batch> batches) {
  caf::scoped_actor self{sys};
  const auto start = clock_type::now();
  for (auto& b : batches) self->send(writer, kd::write_atom::value, std::move(b));
  std::size_t refreshed = 0;
  std::size_t answered = 0;
  self->receive_for(answered, batches.size())(
      [&](const storage::batch_result& r) { refreshed += r.refreshed; },
      [&](caf::error& e) {
        std::fprintf(stderr, "bench_writer_throughput: a write failed: %s\n", sys.render(e).c_str());
        std::exit(1);
      });
  return refreshed / std::chrono::duration<double>(clock_type::now() - start).count();
}

double through_raw(raw_light_updater& raw, const std::vector<storage::write_batch>& batches, std::size_t tx) {
  std::vector<storage::light_update> all;
  for (const auto& b : batches) all.insert(all.end(), b.light_updates.begin(), b.light_updates.end());
  const auto start = clock_type::now();
  std::size_t changed = 0;
  for (std::size_t first = 0; first < all.size(); first += tx)
    changed += raw.apply(std::span(all).subspan(first, std::min(tx, all.size() - first)));
  return changed / std::chrono::duration<double>(clock_type::now() - start).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

} // namespace

int main(int argc, char** argv) {
  const std::size_t rows = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 100'000;
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 3;
  const std::size_t group_rows = argc > 3 ? std::strtoul(argv[3], nullptr, 10) : 20'000;
  if (rows < 20'000 || rows % batch_rows != 0 || rounds <= 0 || group_rows < batch_rows) {
    std::fprintf(stderr, "usage: bench_writer_throughput [rows: a multiple of 1000, >= 20000] [rounds > 0] "
                         "[rows a group, >= 1000 (default 20000)]\n");
    return 2;
  }
  const auto dir = std::filesystem::temp_directory_path() / ("keepa-deals-writer-bench-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  for (const char* name : {"grouped.db", "single.db", "raw.db"}) fill_store(dir / name, rows);

  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  auto grouped = kd::spawn_writer(sys, dir / "grouped.db", {}, true, std::nullopt, nullptr, {.max_rows = group_rows});
  auto single = kd::spawn_writer(sys, dir / "single.db", {}, true, std::nullopt, nullptr, {.max_batches = 1});
  std::vector<double> grouped_rates, single_rates, raw_rates;
  {
    raw_light_updater raw(dir / "raw.db");
    std::mt19937_64 random(99);
    storage::unix_seconds seen = start_utc + 1'000'000;
    for (int round = 0; round <= rounds; ++round) {  // round 0 warms the caches
      const auto batches = one_round(rows, random, seen);
      const double g = through_writer(sys, grouped, batches);
      const double s = through_writer(sys, single, batches);
      const double r = through_raw(raw, batches, group_rows);
      if (round == 0) continue;
      grouped_rates.push_back(g), single_rates.push_back(s), raw_rates.push_back(r);
      std::printf("round %d: writer with group commit %.0f updates/s, one batch a transaction %.0f/s, "
                  "raw C API at %zu a transaction %.0f/s\n", round, g, s, group_rows, r);
    }
  }
  std::printf("light updates through the writer, %zu rows, batches of %zu all in flight (median of %d rounds): "
              "group commit at %zu rows %.0f/s, one batch a transaction %.0f/s (x%.2f); raw C API at %zu rows a "
              "transaction %.0f/s: writer/raw = %.2f\n",
              rows, batch_rows, rounds, group_rows, median(grouped_rates), median(single_rates),
              median(grouped_rates) / median(single_rates), group_rows, median(raw_rates),
              median(grouped_rates) / median(raw_rates));
  caf::anon_send_exit(grouped, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(single, caf::exit_reason::user_shutdown);
  sys.await_all_actors_done();
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
  return 0;
}
