// Figure: light /product requests (100 ASINs, stats=180, history=0) per second
// from keepa::client to the mock Keepa server over loopback, on one
// connection and on four, with where the time of a request goes; then the
// client alone: one captured mock answer, pre-gzipped, replayed by a minimal
// loopback server, so the mock's render and gzip leave the figure.
//
//   build-*/bench/bench_client_throughput [seconds-per-run=5] [universe=2000] [mock-threads=1]
#include "keepa/client.hpp"
#include "mock/mock_server.hpp"
#include "net/gzip.hpp"
#include "net/http_client.hpp"
#include "synth/universe.hpp"
#include "tests/net/server/loopback_server.hpp"

#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <future>
#include <mutex>

namespace {

using clock_type = std::chrono::steady_clock;

struct totals {
  std::mutex mutex;
  std::int64_t requests = 0;
  std::int64_t failures = 0;
  std::int64_t products = 0;
  double wait_us = 0, transfer_us = 0, inflate_us = 0, parse_us = 0, server_ms = 0;
  double wire_bytes = 0, body_bytes = 0;

  void add(const keepa::reply<keepa::product_response>& r) {
    std::lock_guard lock(mutex);
    ++requests;
    products += static_cast<std::int64_t>(r.payload.products.size());
    wait_us += static_cast<double>(r.timing.http.wait.count());
    transfer_us += static_cast<double>(r.timing.http.transfer.count());
    inflate_us += static_cast<double>(r.timing.http.inflate.count());
    parse_us += static_cast<double>(r.timing.parse.count());
    server_ms += r.payload.env.processing_time_ms;
    wire_bytes += static_cast<double>(r.timing.wire_bytes);
    body_bytes += static_cast<double>(r.timing.body_bytes);
  }
};

// `lanes` requests in flight at a time, each starting the next when it ends,
// until the deadline; the client opens one pooled connection per lane.
void run(const std::string& base_url, const std::vector<std::string>& asins, int lanes, double seconds) {
  keepa::client_config config;
  config.base_url = base_url;
  config.api_key = "bench-key";
  config.http.io_threads = lanes > 1 ? 2 : 1;
  config.http.max_idle_per_origin = static_cast<std::size_t>(lanes);
  keepa::client client(config);
  keepa::product_request light;
  light.stats_days = 180;
  light.history = false;

  // Warm-up: the first connection, and the mock's caches, before the clock starts.
  for (int i = 0; i < 2; ++i)
    client.products(std::vector<std::string>(asins.begin(), asins.begin() + 100), light).get();

  totals t;
  std::atomic<int> lanes_running{lanes};
  std::atomic<std::size_t> next_batch{0};
  std::promise<void> all_done;
  const auto start = clock_type::now();
  const auto deadline = start + std::chrono::duration_cast<clock_type::duration>(std::chrono::duration<double>(seconds));
  const std::size_t batches = asins.size() / 100;

  std::function<void()> issue = [&] {
    if (clock_type::now() >= deadline) {
      if (--lanes_running == 0)
        all_done.set_value();
      return;
    }
    const std::size_t b = next_batch.fetch_add(1) % batches;
    std::vector<std::string> batch(asins.begin() + static_cast<std::ptrdiff_t>(b * 100),
                                   asins.begin() + static_cast<std::ptrdiff_t>(b * 100 + 100));
    client.products(std::move(batch), light, [&](keepa::result<keepa::product_response> r) {
      if (auto* ok = std::get_if<keepa::reply<keepa::product_response>>(&r)) {
        t.add(*ok);
      } else {
        std::lock_guard lock(t.mutex);
        ++t.failures;
        fmt::print(stderr, "request failed: {}\n", std::get<keepa::client_error>(r).what());
      }
      issue();
    });
  };
  for (int i = 0; i < lanes; ++i)
    issue();
  all_done.get_future().get();
  const double elapsed = std::chrono::duration<double>(clock_type::now() - start).count();

  const double n = static_cast<double>(std::max<std::int64_t>(t.requests, 1));
  fmt::print("connections={} requests={} failures={} seconds={:.2f}\n", lanes, t.requests, t.failures, elapsed);
  fmt::print("  throughput: {:.0f} requests/s, {:.0f} ASINs/s (products returned {})\n", t.requests / elapsed,
             t.products / elapsed, t.products);
  fmt::print("  per request: wire {:.1f} KB gzip, body {:.1f} KB JSON\n", t.wire_bytes / n / 1024,
             t.body_bytes / n / 1024);
  fmt::print("  time per request (ms): server (request written -> response header; the mock renders and gzips here) {:.3f}"
             " [processingTimeInMs {:.3f}], transfer {:.3f}, client gunzip {:.3f}, parse {:.3f}\n",
             t.wait_us / n / 1000, t.server_ms / n, t.transfer_us / n / 1000, t.inflate_us / n / 1000,
             t.parse_us / n / 1000);
  fmt::print("  connections opened by the client: {}\n", client.http().connections_opened());
}

} // namespace

int main(int argc, char** argv) {
  const double seconds = argc > 1 ? std::atof(argv[1]) : 5.0;
  const std::size_t universe = argc > 2 ? static_cast<std::size_t>(std::atoll(argv[2])) : 2000;

  mock::server_options options;
  options.universe_products = universe;
  options.seed = 7;
  options.token_rate = 100'000'000;  // billing runs, but never throttles the figure
  options.threads = argc > 3 ? static_cast<std::size_t>(std::atoll(argv[3])) : 1;
  mock::mock_server server(options);
  server.start();

  synth::universe_options u;
  u.products = universe;
  u.seed = options.seed;
  u.history_days = options.history_days;
  std::vector<std::string> asins;
  const synth::universe same_universe(u);  // the mock builds its own from the same options
  for (std::size_t i = 0; i < same_universe.size(); ++i)
    asins.push_back(same_universe.asin(i));
  if (asins.size() < 100) {
    fmt::print(stderr, "the universe needs at least 100 products\n");
    return 1;
  }

  fmt::print("light /product (100 ASINs, stats=180, history=0) against the mock on 127.0.0.1:{}, "
             "universe {}, mock I/O threads {}, gzip level {}\n",
             server.port(), universe, options.threads, options.gzip_level);
  const std::string mock_url = "http://127.0.0.1:" + std::to_string(server.port());
  run(mock_url, asins, 1, seconds);
  run(mock_url, asins, 4, seconds);
  const auto stats = server.stats();
  fmt::print("mock: requests {}, tokens charged {}\n", stats.requests_total, stats.tokens_charged_total);

  // One real mock answer, gzipped once at the mock's level and replayed.
  net::http_client raw;
  keepa::product_request light;
  light.stats_days = 180;
  light.history = false;
  net::request capture;
  capture.url = mock_url + "/product?key=bench-key&" +
                keepa::product_query(std::vector<std::string>(asins.begin(), asins.begin() + 100), light);
  const auto captured = raw.send(capture).get();
  loopback::scripted_reply canned;
  canned.body = net::gzip(captured.body, options.gzip_level);
  canned.pre_gzipped = true;
  loopback::server replay([&canned](const loopback::received&) { return canned; });
  fmt::print("client alone: the same answer ({} KB JSON) replayed pre-gzipped by a minimal loopback server\n",
             captured.body.size() / 1024);
  run(replay.base_url(), asins, 1, seconds);
  server.stop();
  return 0;
}
