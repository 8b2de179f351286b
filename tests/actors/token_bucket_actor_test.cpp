// The token-bucket actor under CAF's deterministic test scheduler: a
// reservation that does not fit waits for the next refill, in order.
#include "actors/token_bucket_actor.hpp"

#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/send.hpp>

#include "deterministic_system.hpp"

#include <catch2/catch.hpp>

using namespace std::chrono_literals;

TEST_CASE("bucket actor delays a reservation until the refill that covers it") {
  actors_test::deterministic_system env;
  auto bucket = kd::spawn_token_bucket(env.sys, {5, 2});
  std::vector<std::int64_t> granted;
  auto client = env.sys.spawn([&](caf::event_based_actor* me) -> caf::behavior {
    for (std::int64_t n : {2, 3, 4, 1})
      me->request(bucket, caf::infinite, kd::reserve_atom::value, n, 0)
          .then([&granted](std::int64_t g) { granted.push_back(g); }, [](caf::error&) {});
    return {[](int) {}};
  });
  env.sched.run();
  // 2 tokens: the first call fits; the rest wait (available is 0).
  CHECK(granted == std::vector<std::int64_t>{2});

  env.sched.clock().advance_time(59s);
  env.sched.run();
  CHECK(granted == std::vector<std::int64_t>{2});

  // +5 at the minute: available 5 grants 3, then 2 > 0 grants 4 as Keepa
  // would run it, leaving -2; the 1 waits for the next refill.
  env.sched.clock().advance_time(1s);
  env.sched.run();
  CHECK(granted == std::vector<std::int64_t>{2, 3, 4});

  env.sched.clock().advance_time(1min);
  env.sched.run();
  CHECK(granted == std::vector<std::int64_t>{2, 3, 4, 1});

  caf::anon_send_exit(client, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(bucket, caf::exit_reason::user_shutdown);
  env.sched.run();
}

TEST_CASE("bucket actor grants waiting reservations when a settled call frees tokens") {
  actors_test::deterministic_system env;
  auto bucket = kd::spawn_token_bucket(env.sys, {5, 10});
  std::vector<std::int64_t> granted;
  auto client = env.sys.spawn([&](caf::event_based_actor* me) -> caf::behavior {
    for (std::int64_t n : {10, 6})
      me->request(bucket, caf::infinite, kd::reserve_atom::value, n, 0)
          .then([&granted](std::int64_t g) { granted.push_back(g); }, [](caf::error&) {});
    return {[](int) {}};
  });
  env.sched.run();
  CHECK(granted == std::vector<std::int64_t>{10});

  // The first call really cost 3: the server says 7 are left.
  keepa::envelope env7;
  env7.tokens_left = 7;
  env7.refill_in_ms = 30'000;
  env7.refill_rate = 5;
  caf::anon_send(bucket, kd::settle_atom::value, std::int64_t{10}, env7, ingest::token_use{});
  env.sched.run();
  CHECK(granted == std::vector<std::int64_t>{10, 6});

  caf::anon_send_exit(client, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(bucket, caf::exit_reason::user_shutdown);
  env.sched.run();
}

TEST_CASE("bucket actor held by the writer grants nothing, however full, until it is released") {
  actors_test::deterministic_system env;
  auto bucket = kd::spawn_token_bucket(env.sys, {5, 100});
  std::vector<std::int64_t> granted;
  caf::anon_send(bucket, kd::hold_atom::value, true);
  env.sched.run();
  auto client = env.sys.spawn([&](caf::event_based_actor* me) -> caf::behavior {
    for (std::int64_t n : {2, 3})
      me->request(bucket, caf::infinite, kd::reserve_atom::value, n, 0)
          .then([&granted](std::int64_t g) { granted.push_back(g); }, [](caf::error&) {});
    return {[](int) {}};
  });
  env.sched.run();
  env.sched.clock().advance_time(5min);  // refills come, and still nothing
  env.sched.run();
  CHECK(granted.empty());

  caf::anon_send(bucket, kd::hold_atom::value, false);
  env.sched.run();
  CHECK(granted == std::vector<std::int64_t>{2, 3});

  caf::anon_send_exit(client, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(bucket, caf::exit_reason::user_shutdown);
  env.sched.run();
}

TEST_CASE("bucket actor spends an assumed balance at once but reports it unknown until Keepa's envelope") {
  actors_test::deterministic_system env;
  auto metrics = std::make_shared<ingest::node_metrics>();
  kd::token_bucket_config config;
  config.refill_per_minute = 5;  // no initial balance: it comes from /token, which failed
  auto bucket = kd::spawn_token_bucket(env.sys, config, nullptr, metrics);
  keepa::envelope assumed;
  assumed.tokens_left = 5;
  assumed.refill_rate = 5;
  assumed.refill_in_ms = 60'000;
  caf::anon_send(bucket, kd::assume_atom::value, assumed);
  std::vector<std::int64_t> granted;
  auto client = env.sys.spawn([&](caf::event_based_actor* me) -> caf::behavior {
    me->request(bucket, caf::infinite, kd::reserve_atom::value, std::int64_t{5}, 0)
        .then([&granted](std::int64_t g) { granted.push_back(g); }, [](caf::error&) {});
    return {[](int) {}};
  });
  env.sched.run();
  CHECK(granted == std::vector<std::int64_t>{5});  // no wait for the next minute
  CHECK_FALSE(metrics->read().bucket_known);
  CHECK(metrics->read().tokens_left == 5);  // the reservation still counts in the bucket

  keepa::envelope answer;  // the call's answer: Keepa's balance was lower
  answer.timestamp_ms = 1'785'000'000'000;
  answer.tokens_left = -3;
  answer.refill_rate = 5;
  answer.refill_in_ms = 30'000;
  caf::anon_send(bucket, kd::settle_atom::value, std::int64_t{5}, answer, ingest::token_use{});
  env.sched.run();
  CHECK(metrics->read().bucket_known);
  CHECK(metrics->read().tokens_left == -3);

  caf::anon_send_exit(client, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(bucket, caf::exit_reason::user_shutdown);
  env.sched.run();
}
