// keepa::client against the mock Keepa server (mock/) over loopback: every
// endpoint, billing seen through the envelope, keep-alive, each retry rule
// with the mock's own faults, and the key kept out of every log line.
#include "keepa/client.hpp"
#include "keepa/pricing.hpp"
#include "mock/mock_server.hpp"
#include "synth/universe.hpp"

#include <catch2/catch.hpp>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <sstream>
#include <thread>

using namespace std::chrono_literals;

namespace {

const std::string mock_key = "mock-secret-key-0123456789";

mock::server_options small_universe() {
  mock::server_options o;
  o.universe_products = 300;
  o.seed = 11;
  o.history_days = 400;
  o.api_key = mock_key;
  o.simulated_clock = true;
  return o;
}

std::vector<std::string> first_asins(const mock::server_options& o, std::size_t n) {
  synth::universe_options u;
  u.products = o.universe_products;
  u.seed = o.seed;
  u.history_days = o.history_days;
  const synth::universe universe(u);
  std::vector<std::string> asins;
  for (std::size_t i = 0; i < n; ++i)
    asins.push_back(universe.asin(i));
  return asins;
}

keepa::client_config config_for(const mock::mock_server& m) {
  keepa::client_config c;
  c.base_url = "http://127.0.0.1:" + std::to_string(m.port());
  c.api_key = mock_key;
  c.retry.max_attempts = 5;
  c.retry.token_wait_margin = 10ms;
  return c;
}

struct log_capture {
  std::ostringstream lines;
  std::shared_ptr<spdlog::sinks::ostream_sink_mt> sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(lines);
  spdlog::level::level_enum old_level = spdlog::get_level();
  log_capture() {
    spdlog::default_logger()->sinks().push_back(sink);
    spdlog::set_level(spdlog::level::trace);
  }
  ~log_capture() {
    auto& sinks = spdlog::default_logger()->sinks();
    sinks.erase(std::remove(sinks.begin(), sinks.end(), sink), sinks.end());
    spdlog::set_level(old_level);
  }
  std::string text() {
    spdlog::default_logger()->flush();
    return lines.str();
  }
};

mock::fault fault_of(mock::fault_kind kind, int count) {
  mock::fault f;
  f.kind = kind;
  f.count = count;
  return f;
}

} // namespace

TEST_CASE("mock: a light /product of 100 ASINs returns them all and bills 100 tokens", "[mock]") {
  const auto options = small_universe();
  mock::mock_server m(options);
  m.start();
  const auto asins = first_asins(options, 100);
  keepa::client client(config_for(m));
  keepa::product_request light;
  light.stats_days = 180;
  light.history = false;
  auto r = client.products(asins, light).get();
  REQUIRE(r.payload.products.size() == 100);
  CHECK(r.payload.products[0].asin == asins[0]);
  CHECK(r.payload.products[99].asin == asins[99]);
  CHECK(r.payload.env.tokens_consumed == keepa::estimate_product_cost(light, 100));
  const auto stats = m.stats();
  CHECK(stats.tokens_charged_total == 100);
  CHECK(r.payload.env.tokens_left == stats.tokens_left);
}

TEST_CASE("mock: /deal pages, /seller names and /token balance", "[mock]") {
  const auto options = small_universe();
  mock::mock_server m(options);
  m.start();
  keepa::client client(config_for(m));

  keepa::deal_selection sel;
  sel.delta_percent_range.reset();
  auto deals = client.all_deals(sel, 5).get();
  const auto stats = m.stats();
  const auto pages = stats.tokens_charged.at("deal") / keepa::deal_page_cost;
  CHECK(pages >= 1);
  CHECK(deals.payload.env.tokens_consumed == keepa::deal_cost(pages));
  CHECK(static_cast<std::int64_t>(deals.payload.deals.size()) <= pages * keepa::deal_page_size);

  synth::universe_options u;
  u.products = options.universe_products;
  u.seed = options.seed;
  u.history_days = options.history_days;
  const synth::universe universe(u);
  REQUIRE(universe.sellers().size() >= 2);
  const auto& a = universe.sellers()[0];
  const auto& b = universe.sellers()[1];
  auto sellers = client.sellers({a.seller_id, b.seller_id}).get();
  REQUIRE(sellers.payload.sellers.size() == 2);
  CHECK(sellers.payload.env.tokens_consumed == keepa::seller_request_cost(2));
  for (const auto& s : sellers.payload.sellers)
    CHECK((s.seller_id == a.seller_id ? a.name : b.name) == s.name);

  auto tokens = client.tokens().get();
  CHECK(tokens.payload.env.tokens_left == m.stats().tokens_left);
  CHECK(tokens.payload.env.tokens_consumed == 0);
}

TEST_CASE("mock: sequential requests ride one keep-alive connection", "[mock]") {
  mock::mock_server m(small_universe());
  m.start();
  keepa::client client(config_for(m));
  for (int i = 0; i < 5; ++i)
    client.tokens().get();
  CHECK(m.stats().connections_accepted == 1);
  CHECK(client.http().connections_opened() == 1);
}

TEST_CASE("mock: each injected fault is retried or failed as the rules say", "[mock][retry]") {
  const auto options = small_universe();
  mock::mock_server m(options);
  m.start();
  const auto asins = first_asins(options, 10);
  auto config = config_for(m);
  config.http.read_timeout = 300ms;
  log_capture logs;
  keepa::client client(config);

  SECTION("503 twice, then an answer") {
    m.inject(fault_of(mock::fault_kind::service_unavailable, 2));
    CHECK(client.products(asins, {}).get().attempts == 3);
  }
  SECTION("a dropped connection") {
    m.inject(fault_of(mock::fault_kind::drop_connection, 1));
    CHECK(client.products(asins, {}).get().attempts == 2);
  }
  SECTION("truncated gzip") {
    m.inject(fault_of(mock::fault_kind::truncated_gzip, 1));
    CHECK(client.products(asins, {}).get().attempts == 2);
  }
  SECTION("malformed JSON") {
    m.inject(fault_of(mock::fault_kind::malformed_json, 1));
    CHECK(client.products(asins, {}).get().attempts == 2);
  }
  SECTION("an answer slower than the read timeout") {
    auto slow = fault_of(mock::fault_kind::slow, 1);
    slow.delay_ms = 2000;
    m.inject(slow);
    CHECK(client.products(asins, {}).get().attempts == 2);
  }
  SECTION("500 fails at once with the server's message") {
    m.inject(fault_of(mock::fault_kind::internal_error, 1));
    try {
      client.products(asins, {}).get();
      FAIL("500 did not fail");
    } catch (const keepa::client_error& e) {
      CHECK(e.http_status() == 500);
      CHECK(e.attempts() == 1);
      CHECK(e.server_error());
    }
  }
  SECTION("a token storm is waited out (refillIn) and retried") {
    m.advance(59'950ms);  // the next refill is 50 ms away on the mock's clock
    m.inject(fault_of(mock::fault_kind::token_storm, 1));
    CHECK(client.products(asins, {}).get().attempts == 2);
    CHECK(logs.text().find("got HTTP 429") != std::string::npos);
  }
  SECTION("products missing from a batch come back as fewer products, not an error") {
    auto missing = fault_of(mock::fault_kind::missing_products, 1);
    missing.missing = 3;
    m.inject(missing);
    auto r = client.products(asins, {}).get();
    CHECK(r.payload.products.size() == 7);
    CHECK(r.attempts == 1);
  }
  const auto text = logs.text();
  CHECK(text.find(mock_key) == std::string::npos);
}

TEST_CASE("mock: a real 429 after a negative balance waits refillIn plus the minutes the debt needs", "[mock][retry]") {
  auto options = small_universe();
  options.token_rate = 5;
  options.initial_tokens = 5;
  mock::mock_server m(options);
  m.start();
  const auto asins = first_asins(options, 100);
  log_capture logs;
  {
    keepa::client client(config_for(m));
    keepa::product_request light;
    light.stats_days = 180;
    light.history = false;
    // Allowed while the balance is positive: 5 - 100 = -95.
    CHECK(client.products(asins, light).get().payload.env.tokens_left == -95);
    // /token is free and always answered; the next /product meets 429 and the
    // client schedules its retry.
    auto waiting = client.products({asins[0]}, light);
    for (int i = 0; i < 200 && logs.text().find("got HTTP 429") == std::string::npos; ++i)
      std::this_thread::sleep_for(10ms);
    // The client is destroyed with the retry pending: nothing blocks on it.
  }
  const auto text = logs.text();
  // -95 at 5/min needs 20 refills: refillIn, then 19 more minutes.
  const auto at = text.find("got HTTP 429 (tokensLeft -95, refillIn ");
  REQUIRE(at != std::string::npos);
  const auto line = text.substr(at, text.find('\n', at) - at);
  const auto refill_in = std::stoll(line.substr(line.find("refillIn ") + 9));
  const auto retry_in = std::stoll(line.substr(line.find("retry in ") + 9));
  CHECK(retry_in == refill_in + 10 + 19 * 60'000);
  CHECK(m.stats().responses_by_status.at(429) == 1);
}
