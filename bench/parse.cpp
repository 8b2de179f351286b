// Prints /product parse speed (MB/s and products/s, per CPU second of this
// thread) on synthetic full-history and stats-only (history=0) responses from
// synth, and on the real capture in ../shared/fixtures when it exists.
// Usage: bench_parse [products per response (default 100)] [seconds per case (default 2)]
#include "bench/ondemand_walk.hpp"
#include "bench/synthetic_response.hpp"
#include "keepa/parse.hpp"
#include "keepa/parse_padded.hpp"
#include "synth/universe.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace {

// This thread's CPU time: other jobs on the shared machine do not count.
double cpu_now() {
  timespec ts{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

double wall_now() {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// Runs `once(body)` over and over for about `seconds` of CPU and prints the
// rates; `once` returns the products it read and a number for the checksum.
// Beside the mean, the best round: on a shared machine the neighbours slow
// some rounds down, never speed one up, so the best is the steadier figure.
template <class Once>
void measure_with(const char* name, const std::string& body, double seconds, Once&& once) {
  const std::size_t products_per_body = once(body).first;
  std::size_t rounds = 0;
  std::size_t checksum = 0;
  const double cpu_start = cpu_now(), wall_start = wall_now();
  double cpu = 0, best_round = 1e300;
  do {
    const double round_start = cpu_now();
    const auto [products, check] = once(body);
    best_round = std::min(best_round, cpu_now() - round_start);
    checksum += products + check;
    ++rounds;
    cpu = cpu_now() - cpu_start;
  } while (cpu < seconds);
  const double wall = wall_now() - wall_start;
  const double body_mb = static_cast<double>(body.size()) / 1e6;
  const double mb = body_mb * static_cast<double>(rounds);
  const double products = static_cast<double>(products_per_body * rounds);
  std::printf("%-38s %6.2f MB body %4zu products  %6.0f MB/s (best round %5.0f) %9.0f products/s  (wall: %.0f MB/s; "
              "%zu rounds, checksum %zu)\n",
              name, body_mb, products_per_body, mb / cpu, body_mb / best_round, products / cpu, mb / wall, rounds,
              checksum);
}

// The parser into the model.
void measure(const char* name, const std::string& body, double seconds) {
  measure_with(name, body, seconds, [name](const std::string& b) {
    const auto r = keepa::parse_product_response(b, name);
    return std::pair{r.products.size(), static_cast<std::size_t>(r.env.tokens_left)};
  });
}

// The parser must give back what synth rendered (with offers, so no type is
// masked); say so if it does not.
void check_round_trip(const synth::universe& u, const std::string& body) {
  const auto parsed = keepa::parse_product_response(body, "round trip");
  std::size_t differing = 0;
  for (std::size_t i = 0; i < parsed.products.size() && i < u.size(); ++i) {
    const keepa::product a = u.product(i);
    const keepa::product& b = parsed.products[i];
    if (a.asin != b.asin || a.csv[keepa::used] != b.csv[keepa::used] ||
        a.csv[keepa::sales_rank] != b.csv[keepa::sales_rank] ||
        a.shipped[keepa::buy_box_shipping] != b.shipped[keepa::buy_box_shipping] ||
        (a.stats && b.stats && a.stats->current != b.stats->current))
      ++differing;
  }
  std::printf("round trip of %zu synthetic products: %zu differ in asin, used/rank/buy-box history or stats.current\n",
              parsed.products.size(), differing);
}

} // namespace

int main(int argc, char** argv) {
  const std::size_t per_response = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 100;
  const double seconds = argc > 2 ? std::atof(argv[2]) : 2.0;
  if (per_response == 0 || seconds <= 0) {
    std::fprintf(stderr, "usage: bench_parse [products per response > 0] [seconds per case > 0]\n");
    return 2;
  }

  synth::universe u({.products = per_response, .seed = 11});
  const std::vector<keepa::product> all = u.all_products();
  const std::string full = bench::synthetic_product_response(u, all, {.history = true});
  const std::string with_offers = bench::synthetic_product_response(u, all, {.history = true, .offers = true});
  const std::string light = bench::synthetic_product_response(u, all, {.history = false});
  check_round_trip(u, with_offers);

  std::printf("one thread; rates per CPU second of that thread\n");
  measure("synthetic full history", full, seconds);
  measure_with("  peer: simdjson touching every value", full, seconds, [&](const std::string& b) {
    return std::pair{per_response, bench::touch_every_value(b)};
  });
  measure_with("  peer: simdjson DOM, tape only", full, seconds, [&](const std::string& b) {
    return std::pair{per_response, bench::dom_tape(b)};
  });
  // The same body with padding after it, as inspect and analyze parse a
  // file: since the prescan neither way copies the whole body.
  std::string padded = full + std::string(keepa::body_padding, '\0');
  const std::string_view in_place(padded.data(), full.size());
  measure_with("  the same, padded after its end", full, seconds, [&](const std::string&) {
    const auto r = keepa::parse_padded_product_response(in_place, "in place");
    return std::pair{r.products.size(), static_cast<std::size_t>(r.env.tokens_left)};
  });
  measure("synthetic full history + offers", with_offers, seconds);
  measure("synthetic stats only (history=0)", light, seconds);
#ifdef KEEPA_FIXTURES_DIR
  std::ifstream in(KEEPA_FIXTURES_DIR "/keepa/product-B0D8W1YVBX-full-history.json", std::ios::binary);
  const std::string capture{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (!capture.empty())
    measure("real capture B0D8W1YVBX", capture, seconds);
#else
  std::printf("real capture: ../shared/fixtures not present at build time, skipped\n");
#endif
  return 0;
}
