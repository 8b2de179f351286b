// Token grants by priority, then arrival.
#include "ingest/grant_queue.hpp"
#include "ingest/token_bucket.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace std::chrono_literals;

TEST_CASE("grants go to the refiller before the backfiller, offers before light refreshes, in arrival order within one") {
  ingest::grant_queue<std::string> q;
  q.push(ingest::light_priority, "light 1");
  q.push(ingest::backfiller_priority, "backfill 1");
  q.push(ingest::refiller_priority, "refill 1");
  q.push(ingest::offers_priority, "offers 1");
  q.push(ingest::refiller_priority, "refill 2");
  std::vector<std::string> order;
  while (!q.empty())
    order.push_back(q.pop());
  CHECK(order == std::vector<std::string>{"refill 1", "refill 2", "backfill 1", "offers 1", "light 1"});
}

TEST_CASE("the bucket says how long a reservation waits: to the refill that lifts the balance above zero") {
  const auto t0 = ingest::token_bucket::clock::time_point{} + 1h;
  ingest::token_bucket positive{5, 3, t0};
  CHECK(positive.wait_for_grant(t0) == 0s);
  ingest::token_bucket negative{5, -887, t0};
  // 888 tokens at 5 a minute: 178 refills, the first in a minute.
  CHECK(negative.wait_for_grant(t0) == 178min);
  CHECK(negative.wait_for_grant(t0 + 30s) == 178min - 30s);
}
