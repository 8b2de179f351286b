// The group-commit policy alone: when a group waits for more batches, when a
// bound makes it commit, and how generations tell a stale reminder.
#include "ingest/commit_group.hpp"

#include <catch2/catch.hpp>

using namespace std::chrono_literals;
using time_point = std::chrono::steady_clock::time_point;

TEST_CASE("the first batch of a group waits for the mailbox, later ones join it") {
  ingest::commit_group<time_point> g({.max_rows = 20'000, .max_wait = 50ms});
  const time_point t0{1h};
  CHECK(g.join(1000, t0) == ingest::group_action::wait_for_more);
  CHECK(g.join(1000, t0 + 10ms) == ingest::group_action::keep_waiting);
  CHECK(g.rows() == 2000);
  CHECK(g.batches() == 2);
}

TEST_CASE("a group commits at once when its rows reach the bound") {
  ingest::commit_group<time_point> g({.max_rows = 20'000, .max_wait = 50ms});
  const time_point t0{1h};
  for (int i = 0; i < 19; ++i)
    REQUIRE(g.join(1000, t0) != ingest::group_action::commit_now);
  CHECK(g.join(1000, t0) == ingest::group_action::commit_now);
  // One batch bigger than the bound is its own transaction.
  g.close();
  CHECK(g.join(25'000, t0) == ingest::group_action::commit_now);
}

TEST_CASE("a group commits at once when its first batch has waited the time bound") {
  ingest::commit_group<time_point> g({.max_rows = 20'000, .max_wait = 50ms});
  const time_point t0{1h};
  g.join(10, t0);
  CHECK(g.join(10, t0 + 49ms) == ingest::group_action::keep_waiting);
  CHECK(g.join(10, t0 + 50ms) == ingest::group_action::commit_now);
  // The clock counts from the first batch of the new group.
  g.close();
  CHECK(g.join(10, t0 + 90ms) == ingest::group_action::wait_for_more);
  CHECK(g.join(10, t0 + 130ms) == ingest::group_action::keep_waiting);
}

TEST_CASE("closing a group starts a new generation, so the old reminder is told apart") {
  ingest::commit_group<time_point> g;
  const time_point t0{1h};
  g.join(1, t0);
  const auto first = g.generation();
  CHECK(g.close() == first);
  CHECK(g.empty());
  CHECK(g.rows() == 0);
  g.join(1, t0);
  CHECK(g.generation() != first);
}

TEST_CASE("max_batches 1 makes every batch its own transaction") {
  ingest::commit_group<time_point> g({.max_batches = 1});
  CHECK(g.join(1, time_point{1h}) == ingest::group_action::commit_now);
}
