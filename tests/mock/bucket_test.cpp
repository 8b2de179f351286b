// The token bucket seen over the wire with the simulated clock: refills each
// minute at the rate, caps at 60 minutes' worth, lets a request take the
// balance negative and then answers 429 with the envelope until it is positive.
#include "http_client.hpp"
#include "json_probe.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

using namespace mock_test;
using namespace std::chrono_literals;

namespace {
std::string token_target() { return "/token?key=" + std::string(test_key); }
} // namespace

TEST_CASE("a request runs on a positive balance and may take it negative; then 429 until refills bring it above zero",
          "[bucket]") {
  auto options = small_universe(100);
  options.token_rate = 5;
  options.initial_tokens = 10;
  auto server = started(options);
  http_client client(server->port());

  const auto big = client.get(product_target(asin_list(0, 25), "stats=30&history=0"));
  REQUIRE(big.status == 200);
  CHECK(json_int(big.body, "/tokensConsumed") == 25);
  CHECK(json_int(big.body, "/tokensLeft") == -15);

  const auto refused = client.get(product_target(asin_list(0, 1), "stats=30&history=0"));
  CHECK(refused.status == 429);
  CHECK(json_string(refused.body, "/error/type") == "NOT_ENOUGH_TOKEN");
  CHECK(json_int(refused.body, "/tokensLeft") == -15);
  CHECK(json_int(refused.body, "/tokensConsumed") == 0);
  CHECK(json_int(refused.body, "/refillRate") == 5);
  const auto refill_in = json_int(refused.body, "/refillIn");
  CHECK(refill_in > 0);
  CHECK(refill_in <= 60'000);
  CHECK(json_has(refused.body, "/timestamp"));
  CHECK(json_has(refused.body, "/processingTimeInMs"));
  CHECK(json_has(refused.body, "/tokenFlowReduction"));

  // /token answers whatever the balance, and is free.
  const auto status = client.get(token_target());
  CHECK(status.status == 200);
  CHECK(json_int(status.body, "/tokensLeft") == -15);

  server->advance(3min);  // -15 + 3 * 5 = 0: still not positive
  CHECK(client.get(product_target(asin_list(0, 1), "stats=30&history=0")).status == 429);
  server->advance(1min);  // 5
  const auto again = client.get(product_target(asin_list(0, 1), "stats=30&history=0"));
  CHECK(again.status == 200);
  CHECK(json_int(again.body, "/tokensLeft") == 4);

  const auto stats = server->stats();
  CHECK(stats.responses_by_status.at(429) == 2);
  CHECK(stats.tokens_charged_total == 26);  // refused requests cost nothing
}

TEST_CASE("the bucket refills once a minute at the token rate and holds at most 60 minutes' worth", "[bucket]") {
  auto options = small_universe(50);
  options.token_rate = 5;
  options.initial_tokens = 0;
  auto server = started(options);
  http_client client(server->port());

  CHECK(json_int(client.get(token_target()).body, "/tokensLeft") == 0);
  CHECK(json_int(client.get(token_target()).body, "/refillIn") == 60'000);
  server->advance(59s);
  const auto before_boundary = client.get(token_target());
  CHECK(json_int(before_boundary.body, "/tokensLeft") == 0);
  CHECK(json_int(before_boundary.body, "/refillIn") == 1'000);
  server->advance(1s);
  CHECK(json_int(client.get(token_target()).body, "/tokensLeft") == 5);
  server->advance(10min);
  CHECK(json_int(client.get(token_target()).body, "/tokensLeft") == 55);
  server->advance(std::chrono::hours(24));
  CHECK(json_int(client.get(token_target()).body, "/tokensLeft") == 300);  // 60 x 5, not a day's worth
}

TEST_CASE("the clock moves over HTTP too: POST /mock/advance?minutes=N", "[bucket]") {
  auto options = small_universe(50);
  options.token_rate = 20;
  options.initial_tokens = 0;
  auto server = started(options);
  http_client client(server->port());
  const auto t0 = json_int(client.get(token_target()).body, "/timestamp");
  const auto moved = client.post("/mock/advance?minutes=3", "");
  REQUIRE(moved.status == 200);
  const auto after = client.get(token_target());
  CHECK(json_int(after.body, "/timestamp") - t0 == 3 * 60'000);
  CHECK(json_int(after.body, "/tokensLeft") == 60);
  CHECK(client.post("/mock/advance", "").status == 400);
}

TEST_CASE("a real-clock server refuses to move its clock", "[bucket]") {
  auto options = small_universe(20);
  options.simulated_clock = false;
  auto server = started(options);
  CHECK_THROWS_AS(server->advance(1min), std::logic_error);
  http_client client(server->port());
  const auto refused = client.post("/mock/advance?minutes=1", "");
  CHECK(refused.status == 409);
  CHECK_THAT(refused.body, Catch::Contains("simulated clock"));
}
