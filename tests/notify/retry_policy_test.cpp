// The notifier's decisions, without a scheduler or a socket.
#include "notify/retry_policy.hpp"

#include <catch2/catch.hpp>

using namespace std::chrono_literals;
using notify::verdict;

TEST_CASE("only a 2xx is delivered") {
  for (int s : {200, 201, 202, 204, 299})
    CHECK(notify::judge({s, ""}) == verdict::delivered);
  CHECK(notify::judge({199, ""}) != verdict::delivered);
  CHECK(notify::judge({300, ""}) != verdict::delivered);
}

TEST_CASE("no answer, 5xx, 408, 425 and 429 are retried; other 4xx and redirects give up") {
  CHECK(notify::judge({std::nullopt, "connect refused"}) == verdict::retry);
  for (int s : {500, 502, 503, 504, 408, 425, 429})
    CHECK(notify::judge({s, ""}) == verdict::retry);
  for (int s : {400, 401, 403, 404, 410, 413, 301, 302})
    CHECK(notify::judge({s, ""}) == verdict::give_up);
}

TEST_CASE("backoff doubles from the first wait and stops at the cap") {
  const notify::retry_policy p{.first_backoff = 1000ms, .factor = 2.0, .max_backoff = 10'000ms};
  CHECK(notify::backoff(p, 1) == 1000ms);
  CHECK(notify::backoff(p, 2) == 2000ms);
  CHECK(notify::backoff(p, 3) == 4000ms);
  CHECK(notify::backoff(p, 4) == 8000ms);
  CHECK(notify::backoff(p, 5) == 10'000ms);
  CHECK(notify::backoff(p, 5000) == 10'000ms);  // no overflow
  CHECK(notify::backoff(p, 0) == 1000ms);       // a first attempt never waits less than the first backoff
}

TEST_CASE("what the outbox records of a failed attempt") {
  CHECK(notify::describe({503, ""}) == "HTTP 503");
  CHECK(notify::describe({std::nullopt, "timeout after 100 ms"}) == "timeout after 100 ms");
  CHECK(notify::describe({std::nullopt, ""}) == "no answer");
}
