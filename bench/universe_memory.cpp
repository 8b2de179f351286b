// The synthetic universe at scale, through the mock's own service in process:
// builds an N-book universe (default 200,000), moves the clock a simulated
// day in 1-minute steps (as a simulated node does) and then a day in one
// step, walks the whole deal feed, and asks heavy and light /product
// requests for books from it. Prints peak RSS (VmHWM), bytes per book, and
// the time each part took.
//
//   build/bench/bench_universe_memory [books=200000] [product requests of 100=20]
#include "keepa/client_query.hpp"
#include "keepa/parse.hpp"
#include "mock/keepa_service.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

namespace {

using clock_type = std::chrono::steady_clock;

double seconds_since(clock_type::time_point start) {
  return std::chrono::duration<double>(clock_type::now() - start).count();
}

// A /proc/self/status field in kB (VmHWM: peak resident, VmRSS: now).
double status_mb(const std::string& field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind(field + ":", 0) == 0)
      return std::strtod(line.c_str() + field.size() + 1, nullptr) / 1024.0;
  return 0;
}

constexpr const char* key = "bench-key";

} // namespace

int main(int argc, char** argv) {
  const std::size_t books = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 200'000;
  const int requests = argc > 2 ? std::atoi(argv[2]) : 20;
  if (books == 0 || requests < 0) {
    std::fprintf(stderr, "usage: bench_universe_memory [books > 0] [product requests of 100 >= 0]\n");
    return 2;
  }
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // each figure as it is measured
  const double base_mb = status_mb("VmRSS");

  mock::server_options options;
  options.universe_products = books;
  options.seed = 10;
  options.simulated_clock = true;
  options.token_rate = 1'000'000;
  options.initial_tokens = std::int64_t{1} << 40;
  options.api_key = key;
  auto start = clock_type::now();
  mock::keepa_service service(options);
  const double build_s = seconds_since(start);
  const double built_mb = status_mb("VmRSS");
  std::printf("universe: %zu books of up to 1095 days built in %.1f s (%.0f us a book, wall, up to 2 threads)\n",
              books, build_s, build_s * 1e6 / static_cast<double>(books));
  std::printf("resident after the build: %.0f MB (%.0f bytes a book)\n", built_mb,
              (built_mb - base_mb) * 1024 * 1024 / static_cast<double>(books));

  start = clock_type::now();
  for (int minute = 0; minute < 24 * 60; ++minute) service.advance(std::chrono::minutes(1));
  const double minutes_s = seconds_since(start);
  start = clock_type::now();
  service.advance(std::chrono::hours(24));
  const double day_s = seconds_since(start);
  std::printf("advance one simulated day: %.2f s in 1,440 one-minute steps, %.2f s in one step; resident then %.0f MB\n",
              minutes_s, day_s, status_mb("VmRSS"));

  // The whole feed, newest first, as the refiller and backfiller walk it.
  std::vector<std::string> asins;
  int pages = 0;
  start = clock_type::now();
  for (int page = 0;; ++page) {
    keepa::deal_selection selection;
    selection.page = page;
    selection.sort_type = 1;
    const auto reply = service.handle("POST", std::string("/deal?key=") + key, keepa::selection_json(selection));
    if (reply.status != 200) {
      std::fprintf(stderr, "/deal page %d answered %d: %s\n", page, reply.status, reply.body.c_str());
      return 1;
    }
    const auto deals = keepa::parse_deal_response(reply.body, "the mock's /deal").deals;
    for (const auto& d : deals) asins.push_back(d.asin);
    ++pages;
    if (deals.size() < static_cast<std::size_t>(keepa::deal_page_size)) break;
  }
  const double feed_s = seconds_since(start);
  std::printf("feed walk: %zu deals on %d pages in %.2f s (%.1f ms a page)\n", asins.size(), pages, feed_s,
              feed_s * 1e3 / pages);

  auto ask = [&](const std::string& params, const char* what) {
    std::size_t products = 0;
    std::size_t bytes = 0;
    const auto begin = clock_type::now();
    for (int r = 0; r < requests && !asins.empty(); ++r) {
      std::string list;
      for (std::size_t k = 0; k < 100; ++k) {
        if (k) list += ',';
        list += asins[(static_cast<std::size_t>(r) * 100 + k) * 7919 % asins.size()];
      }
      const auto reply = service.handle("GET", std::string("/product?key=") + key + "&domain=1&asin=" + list + params, "");
      if (reply.status != 200) {
        std::fprintf(stderr, "/product answered %d: %s\n", reply.status, reply.body.c_str());
        std::exit(1);
      }
      products += 100;
      bytes += reply.body.size();
    }
    const double s = seconds_since(begin);
    std::printf("%s: %zu products in %.2f s, %.0f us a product (generated, priced, rendered; %.0f KB a product)\n",
                what, products, s, products ? s * 1e6 / static_cast<double>(products) : 0.0,
                products ? static_cast<double>(bytes) / 1024 / static_cast<double>(products) : 0.0);
  };
  ask("&stats=365&history=1&offers=20&rating=1", "heavy /product (history, stats, 20 offers)");
  ask("&stats=90&history=0", "light /product (stats only)");

  std::printf("peak resident (VmHWM): %.0f MB, %.0f bytes a book over the %.0f MB the process had before\n",
              status_mb("VmHWM"), (status_mb("VmHWM") - base_mb) * 1024 * 1024 / static_cast<double>(books), base_mb);
  return 0;
}
