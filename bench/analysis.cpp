// Prints how many heavy analyses one core runs per second over synthetic
// full-history products (three years each, from synth::universe), how many
// light refreshes per second over their stats-only copies, and how the
// inferred sales compare with the sales the simulation really made.
// Usage: bench_analysis [products (default 2000)] [rounds (default 5)]
//        bench_analysis --write-answers FILE   (the 1,000-book expectations
//        that tests/analysis/same_answers_test.cpp compares against)
#include "analysis/analyze.hpp"
#include "analysis/answer_digest.hpp"
#include "analysis/inferred_sales.hpp"
#include "analysis/light_refresh.hpp"
#include "synth/universe.hpp"

#include <ctime>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

namespace {

// CPU time of this thread: other processes sharing the machine do not
// inflate it, so the rate is per core actually used.
struct cpu_clock {
  using time_point = double;
  static double now() {
    timespec ts{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
  }
};
using clock_type = cpu_clock;

double seconds_since(double start) { return clock_type::now() - start; }

} // namespace

// The answers of 1,000 synthetic three-year books (seed 7), one "ASIN hash"
// line each, as tests/analysis/same_answers_test.cpp reads them.
int write_answers(const char* path) {
  synth::universe u({.products = 1000, .seed = 7, .history_days = 1095});
  const analysis::settings s;
  const keepa::unix_seconds now = keepa::to_unix(u.now());
  std::FILE* out = std::fopen(path, "w");
  if (!out) {
    std::perror(path);
    return 1;
  }
  std::fprintf(out, "# bench_analysis --write-answers: analysis::answer_hash(answer_line(analyze(book)))\n"
                    "# for synth::universe({.products = 1000, .seed = 7, .history_days = 1095}) at its now\n");
  for (std::size_t i = 0; i < u.size(); ++i) {
    const auto r = analysis::analyze(u.product(i), s, now);
    std::fprintf(out, "%s %016llx\n", r.asin.c_str(),
                 static_cast<unsigned long long>(analysis::answer_hash(analysis::answer_line(r))));
  }
  std::fclose(out);
  std::printf("wrote the answers of %zu books to %s\n", u.size(), path);
  return 0;
}

int main(int argc, char** argv) {
  if (argc == 3 && std::string_view(argv[1]) == "--write-answers")
    return write_answers(argv[2]);
  const std::size_t products = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 2000;
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 5;
  if (products == 0 || rounds <= 0) {
    std::fprintf(stderr, "usage: bench_analysis [products > 0] [rounds > 0]\n");
    return 2;
  }

  auto start = clock_type::now();
  synth::universe u({.products = products, .seed = 7, .history_days = 1095});
  const std::vector<keepa::product> all = u.all_products();
  std::printf("generated %zu products with 1095 days of history in %.2f CPU s\n", products, seconds_since(start));
  std::size_t points = 0;
  for (const auto& p : all)
    for (int t = 0; t < keepa::csv_type_count; ++t)
      points += p.csv[t].size() + p.shipped[t].size();
  std::printf("history points per product: %.0f on average\n", static_cast<double>(points) / products);

  const analysis::settings s;
  const keepa::unix_seconds now = keepa::to_unix(u.now());

  // Heavy: the whole analysis, as the heavy path runs it (no advisor).
  std::size_t deals = 0;
  std::int64_t checksum = 0;
  start = clock_type::now();
  for (int r = 0; r < rounds; ++r)
    for (const auto& p : all) {
      const auto result = analysis::analyze(p, s, now);
      deals += result.is_deal();
      checksum += result.profit.profit_cents.value_or(0);
    }
  const double heavy_seconds = seconds_since(start);
  const double heavy_rate = static_cast<double>(products) * rounds / heavy_seconds;
  std::printf("heavy analyses: %.0f products/s on one core (%zu products x %d rounds in %.2f CPU s; "
              "%zu of %zu are deals; checksum %lld)\n",
              heavy_rate, products, rounds, heavy_seconds, deals / rounds, products,
              static_cast<long long>(checksum));

  // Light: stats-only copies, kept fields from a first heavy pass.
  std::vector<keepa::product> light_inputs;
  std::vector<storage::kept_fields> kept;
  for (const auto& p : all) {
    keepa::product copy;
    copy.asin = p.asin;
    copy.stats = p.stats;
    copy.last_price_change = p.last_price_change;
    light_inputs.push_back(std::move(copy));
    const auto heavy = analysis::analyze(p, s, now);
    kept.push_back({heavy.list_at_cents, heavy.one_year_avg_cents, heavy.product_fees.fba_fee_cents,
                    heavy.product_fees.referral_pct});
  }
  const int light_rounds = rounds * 100;
  checksum = 0;
  start = clock_type::now();
  for (int r = 0; r < light_rounds; ++r)
    for (std::size_t i = 0; i < light_inputs.size(); ++i)
      checksum += analysis::light_refresh(light_inputs[i], kept[i], s, now, "bench").profit_cents.value_or(0);
  const double light_seconds = seconds_since(start);
  std::printf("light refreshes: %.0f products/s on one core (%zu x %d in %.2f CPU s; checksum %lld)\n",
              static_cast<double>(products) * light_rounds / light_seconds, products, light_rounds,
              light_seconds, static_cast<long long>(checksum));

  // Inference against the simulation's own record of third-party sales in the
  // window: an inferred sale is right when a simulated sale dropped the same
  // offer count at the same minute.
  const keepa::keepa_minute from = u.now() - s.inferred_sales_window_days * 24 * 60;
  std::size_t simulated = 0, inferred = 0, matched = 0, drops = 0;
  for (std::size_t i = 0; i < products; ++i) {
    std::vector<std::pair<keepa::keepa_minute, bool>> truth;
    for (const auto& sale : u.sales_of(i))
      if (sale.count_type != keepa::amazon && sale.count_drop >= from && sale.count_drop <= u.now())
        truth.emplace_back(sale.count_drop, sale.count_type == keepa::count_used);
    std::sort(truth.begin(), truth.end());
    simulated += truth.size();
    const auto found = analysis::infer_sales(all[i], s, u.now());
    inferred += found.sales.size();
    drops += found.offer_drops;
    for (const auto& sale : found.sales)
      matched += std::binary_search(truth.begin(), truth.end(), std::make_pair(sale.t, sale.used));
  }
  std::printf("sales in the window: %zu simulated (third-party), %zu inferred (after outlier removal) "
              "from %zu offer drops; precision %.1f %%, recall %.1f %%\n",
              simulated, inferred, drops, 100.0 * matched / std::max<std::size_t>(inferred, 1),
              100.0 * matched / std::max<std::size_t>(simulated, 1));
  return 0;
}
