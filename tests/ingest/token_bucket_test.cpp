// The local token bucket: refills by the minute, grants like Keepa, follows the server.
#include "ingest/token_bucket.hpp"

#include <catch2/catch.hpp>

using namespace std::chrono_literals;
using ingest::token_bucket;

namespace {
const auto t0 = token_bucket::clock::time_point{} + 1h;

keepa::envelope envelope_with(std::int32_t left, std::int32_t refill_in_ms, std::int32_t rate) {
  keepa::envelope env;
  env.tokens_left = left;
  env.refill_in_ms = refill_in_ms;
  env.refill_rate = rate;
  return env;
}
} // namespace

TEST_CASE("bucket grants while the balance less reservations is positive") {
  token_bucket bucket{5, 10, t0};
  CHECK(bucket.try_reserve(8, t0));   // 10 -> 2 available
  CHECK(bucket.try_reserve(100, t0)); // 2 > 0: Keepa would run it too
  CHECK(bucket.available(t0) == -98);
  CHECK_FALSE(bucket.try_reserve(1, t0));
}

TEST_CASE("bucket refills in whole minutes and never above an hour's worth") {
  token_bucket bucket{5, 0, t0};
  CHECK(bucket.available(t0 + 59s) == 0);
  CHECK(bucket.available(t0 + 60s) == 5);
  CHECK(bucket.available(t0 + 3min + 10s) == 15);
  CHECK(bucket.next_refill() == t0 + 4min);
  CHECK(bucket.available(t0 + 10h) == 300);
}

TEST_CASE("settling a call adopts the server's balance and refill schedule") {
  token_bucket bucket{5, 50, t0};
  REQUIRE(bucket.try_reserve(40, t0));
  REQUIRE(bucket.try_reserve(5, t0));
  // The server charged 12 for the first call and says the refill is 20 s away.
  bucket.settle(40, envelope_with(38, 20'000, 20), t0 + 1s);
  CHECK(bucket.reserved() == 5);
  CHECK(bucket.available(t0 + 1s) == 33);
  CHECK(bucket.refill_per_minute() == 20);
  CHECK(bucket.next_refill() == t0 + 21s);
  CHECK(bucket.available(t0 + 21s) == 53);
}

TEST_CASE("a negative balance blocks until refills bring it above zero") {
  token_bucket bucket{5, 1, t0};
  REQUIRE(bucket.try_reserve(10, t0));
  bucket.settle(10, envelope_with(-9, 60'000, 5), t0);
  CHECK_FALSE(bucket.try_reserve(1, t0 + 1min));  // -4
  CHECK(bucket.try_reserve(1, t0 + 2min));        // +1
}

TEST_CASE("cancelling a reservation frees it without touching the balance") {
  token_bucket bucket{5, 3, t0};
  REQUIRE(bucket.try_reserve(3, t0));
  CHECK_FALSE(bucket.try_reserve(1, t0));
  bucket.cancel(3);
  CHECK(bucket.available(t0) == 3);
}
