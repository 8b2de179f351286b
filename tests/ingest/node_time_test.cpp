// The node's one clock: the first server time replaces the start guess; after
// that it never runs backwards.
#include "ingest/node_time.hpp"

#include <catch2/catch.hpp>

using namespace std::chrono_literals;

TEST_CASE("the first envelope replaces the start guess, later ones only move the clock forward") {
  const auto t0 = std::chrono::steady_clock::time_point{} + 1000h;
  ingest::node_time time(2'000'000'000'000, t0);  // the wall clock, a month ahead of the mock
  time.observe(1'997'000'000'000, t0 + 1s);       // the mock's /token answer
  CHECK(time.unix_ms(t0 + 1s) == 1'997'000'000'000);
  CHECK(time.unix_ms(t0 + 61s) == 1'997'000'060'000);
  // A reply that waited, stamped before now: ignored.
  time.observe(1'997'000'000'000, t0 + 61s);
  CHECK(time.unix_ms(t0 + 61s) == 1'997'000'060'000);
  // A server ahead of us: followed.
  time.observe(1'997'000'100'000, t0 + 62s);
  CHECK(time.unix_ms(t0 + 62s) == 1'997'000'100'000);
}
