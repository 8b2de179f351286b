// The writer when the database refuses writes (another connection holds the
// write lock): the batches are held in order, the token bucket grants nothing,
// and both resume once a retry goes through; a batch bad in itself still
// fails at once.
#include "actors/token_bucket_actor.hpp"
#include "actors/writer_actor.hpp"
#include "tests/storage/store_fixture.hpp"

#include <SQLiteCpp/Database.h>
#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/send.hpp>

#include "deterministic_system.hpp"

#include <catch2/catch.hpp>

using namespace std::chrono_literals;

namespace {

storage::write_batch insert_of(const std::string& asin) {
  storage::write_batch b;
  b.inserts.push_back(storage_test::sample_deal(asin));
  return b;
}

} // namespace

TEST_CASE("writer holds refused batches in order, holds the bucket, and answers both once the lock is gone") {
  storage_test::temp_dir dir;
  const auto file = dir.file("deals.db");
  actors_test::deterministic_system env;
  storage::store_options options;
  options.busy_timeout_ms = 10;
  options.write_retry_first_ms = 100;
  options.write_retry_max_ms = 400;
  auto bucket = kd::spawn_token_bucket(env.sys, {5, 100});
  auto writer = kd::spawn_writer(env.sys, file, options, false, bucket);

  SQLite::Database other(file, SQLite::OPEN_READWRITE);
  other.exec("BEGIN IMMEDIATE");

  std::vector<std::string> answered;  // in the order the writer answered
  std::vector<std::string> errors;
  std::vector<std::int64_t> granted;
  auto client = env.sys.spawn([&](caf::event_based_actor* me) -> caf::behavior {
    for (const std::string asin : {"0000000001", "0000000002"})
      me->request(writer, caf::infinite, kd::write_atom::value, insert_of(asin))
          .then([&answered, asin](const storage::batch_result&) { answered.push_back(asin); },
                [&errors](caf::error& e) { errors.push_back(caf::to_string(e)); });
    return {[](int) {}};
  });
  env.sched.run();
  CHECK(answered.empty());
  CHECK(errors.empty());

  // A full bucket, and yet no grant while the writer cannot write.
  auto fetcher = env.sys.spawn([&](caf::event_based_actor* me) -> caf::behavior {
    me->request(bucket, caf::infinite, kd::reserve_atom::value, std::int64_t{3}, 0)
        .then([&granted](std::int64_t g) { granted.push_back(g); }, [](caf::error&) {});
    return {[](int) {}};
  });
  env.sched.run();
  CHECK(granted.empty());

  // Retries at +100 ms and +200 ms still meet the lock.
  env.sched.clock().advance_time(100ms);
  env.sched.run();
  env.sched.clock().advance_time(200ms);
  env.sched.run();
  CHECK(answered.empty());
  CHECK(granted.empty());

  other.exec("ROLLBACK");
  env.sched.clock().advance_time(400ms);
  env.sched.run();
  CHECK(answered == std::vector<std::string>{"0000000001", "0000000002"});
  CHECK(errors.empty());
  CHECK(granted == std::vector<std::int64_t>{3});

  // A batch the store refuses for its content fails at once, lock or no lock.
  std::string bad_error;
  auto bad = env.sys.spawn([&](caf::event_based_actor* me) -> caf::behavior {
    me->request(writer, caf::infinite, kd::write_atom::value, insert_of(""))
        .then([](const storage::batch_result&) {}, [&bad_error](caf::error& e) { bad_error = caf::to_string(e); });
    return {[](int) {}};
  });
  env.sched.run();
  CHECK(bad_error.find("the ASIN is empty") != std::string::npos);

  for (const auto& a : {caf::actor_cast<caf::actor>(client), caf::actor_cast<caf::actor>(fetcher),
                        caf::actor_cast<caf::actor>(bad), caf::actor_cast<caf::actor>(writer),
                        caf::actor_cast<caf::actor>(bucket)})
    caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
  env.sched.run();

  storage::deal_store store{file};
  CHECK(store.deal_count() == 2);
}
