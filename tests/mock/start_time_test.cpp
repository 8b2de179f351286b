// The mock's start time: an input, not the wall clock. The universe is
// generated at it, the clock starts there (simulated or real), and the
// command line takes it as a UTC timestamp.
#include "http_client.hpp"
#include "json_probe.hpp"
#include "test_support.hpp"

#include "keepa/time.hpp"
#include "mock/keepa_service.hpp"
#include "mock/utc_time.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

using namespace mock_test;

TEST_CASE("UTC timestamps parse to Unix ms and print back", "[start]") {
  CHECK(mock::parse_utc_ms("2026-11-01T00:00:00Z") == mock::default_start_ms);
  CHECK(mock::parse_utc_ms("2026-11-01T00:00:00") == mock::default_start_ms);
  CHECK(mock::parse_utc_ms("2026-11-01") == mock::default_start_ms);
  CHECK(mock::parse_utc_ms("2028-02-29T23:59:58Z") == 1'835'481'598'000);  // a leap day
  CHECK(mock::format_utc(1'835'481'598'000) == "2028-02-29T23:59:58Z");
  CHECK(mock::format_utc(mock::default_start_ms + 999) == "2026-11-01T00:00:00Z");
  for (const char* bad : {"", "2026-11-01T00:00", "2026-13-01", "2027-02-29", "2026-11-01T24:00:00Z",
                          "2026-11-01 00:00:00", "2026-11-01T00:00:00+01:00", "1969-12-31T23:59:59Z", "2026-1-01"}) {
    INFO(bad);
    CHECK_FALSE(mock::parse_utc_ms(bad));
  }
}

TEST_CASE("servers start at mock::default_start_ms unless told, and at the given start when told", "[start]") {
  CHECK(mock::default_start_ms == keepa::to_unix(synth::default_now) * 1000);
  auto pinned = started(small_universe(10));
  CHECK(pinned->now_ms() == mock::default_start_ms);

  auto options = small_universe(40);
  options.start_ms = *mock::parse_utc_ms("2027-06-15T10:20:30Z");
  auto server = started(options);
  CHECK(server->now_ms() == options.start_ms);
  http_client client(server->port());
  const auto reply = client.get(product_target(asin_list(0, 40), "history=0"));
  REQUIRE(reply.status == 200);
  CHECK(json_int(reply.body, "/timestamp") == options.start_ms);
  // The universe was generated at the start: each book is as a universe built
  // at that minute holds it, and none is newer than the start.
  const auto start_minute = keepa::to_keepa_minute(options.start_ms / 1000);
  const synth::universe expected({.products = 40, .seed = test_seed, .history_days = 400, .now = start_minute});
  const json_doc doc(reply.body);
  REQUIRE(doc.size("/products") == 40);
  for (std::size_t i = 0; i < doc.size("/products"); ++i) {
    const std::string p = "/products/" + std::to_string(i);
    const auto book = expected.find(doc.string(p + "/asin"));
    REQUIRE(book);
    CHECK(doc.integer(p + "/lastUpdate") == book->last_update);
    CHECK(doc.integer(p + "/lastUpdate") <= start_minute);
  }
}

TEST_CASE("a real clock runs forward from the start, not from the wall clock", "[start]") {
  auto options = small_universe(10);
  options.simulated_clock = false;
  options.start_ms = *mock::parse_utc_ms("2027-01-15T13:00:00Z");
  const auto before = std::chrono::steady_clock::now();
  mock::keepa_service service(options);
  const auto first = service.now_ms();
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  const auto second = service.now_ms();
  const auto elapsed =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - before).count();
  CHECK(first >= options.start_ms);
  CHECK(second >= first + 20);
  CHECK(second <= options.start_ms + elapsed);
}

TEST_CASE("a start too early for the universe's history is refused, naming the start", "[start]") {
  auto options = small_universe(10);
  options.start_ms = *mock::parse_utc_ms("2011-06-01T00:00:00Z");  // 400 days of history need 2012 at least
  CHECK_THROWS_WITH(mock::mock_server(options), Catch::Contains("start time 2011-06-01T00:00:00Z"));
  options.start_ms = 0;
  CHECK_THROWS_WITH(mock::mock_server(options), Catch::Contains("start time") && Catch::Contains("2011-01-01"));
}
