// The writer's group commit on CAF's deterministic scheduler, one message at a
// time: batches queued behind the first of a group share its transaction,
// each is answered only after that commit, and a feed position in a batch is
// written with that batch's rows or not at all. A second, read-only SQLite
// connection shows what is committed at each step.
#include "actors/writer_actor.hpp"

#include <SQLiteCpp/Database.h>
#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/scheduler/test_coordinator.hpp>
#include <caf/send.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <unistd.h>

using namespace std::chrono_literals;

namespace {

struct temp_db {
  std::filesystem::path path = std::filesystem::temp_directory_path() /
                               ("kd-group-commit-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ".db");
  temp_db() { std::filesystem::remove(path); }
  ~temp_db() {
    for (auto suffix : {"", "-wal", "-shm"})
      std::filesystem::remove(path.string() + suffix);
  }
  static inline int counter = 0;
};

struct deterministic_writer {
  temp_db db;
  caf::actor_system_config cfg;
  caf::actor_system sys;
  caf::scheduler::test_coordinator& sched;
  kd::writer_actor writer;

  static caf::actor_system_config& testing(caf::actor_system_config& c) {
    c.set("scheduler.policy", caf::atom("testing"));
    c.set("logger.file-verbosity", caf::atom("quiet"));
    return c;
  }
  explicit deterministic_writer(ingest::commit_group_limits limits = {})
      : sys(testing(cfg)), sched(dynamic_cast<caf::scheduler::test_coordinator&>(sys.scheduler())) {
    sched.clock().current_time += 1h;
    writer = kd::spawn_writer(sys, db.path, {}, false, std::nullopt, nullptr, limits);
  }
  ~deterministic_writer() {
    caf::anon_send_exit(writer, caf::exit_reason::user_shutdown);
    sched.run();
  }

  // One message of the writer's mailbox.
  void writer_step() {
    REQUIRE(sched.prioritize(writer));
    sched.run_once();
  }

  // What a reader sees now: committed rows only.
  std::int64_t committed_deals() {
    SQLite::Database reader(db.path.string(), SQLite::OPEN_READONLY);
    return reader.execAndGet("SELECT count(*) FROM deals").getInt64();
  }
  std::string committed_state(const std::string& key) {
    SQLite::Database reader(db.path.string(), SQLite::OPEN_READONLY);
    SQLite::Statement q(reader, "SELECT value FROM system_state WHERE key = ?1");
    q.bind(1, key);
    return q.executeStep() ? q.getColumn(0).getString() : std::string("(not written)");
  }
};

storage::deal_row deal(const std::string& asin, std::int64_t price = 2500) {
  storage::deal_row d;
  d.asin = asin;
  d.title = "Book " + asin;
  d.price_now_cents = price;
  d.first_seen_utc = d.last_seen_utc = 1'767'225'600;
  d.source = storage::source_upserter;
  return d;
}

storage::write_batch inserting(std::vector<storage::deal_row> rows, std::vector<storage::state_entry> state = {}) {
  storage::write_batch b;
  b.inserts = std::move(rows);
  b.state = std::move(state);
  return b;
}

// Answers as they reach the client: "ok <new deals>" or "error: <text>", in arrival order.
struct client_log {
  std::vector<std::string> answers;
};

caf::actor send_all(deterministic_writer& env, std::vector<storage::write_batch> batches, client_log& log) {
  auto client = env.sys.spawn([&env, &log, batches = std::move(batches)](caf::event_based_actor* me) -> caf::behavior {
    for (const auto& b : batches)
      me->request(env.writer, caf::infinite, kd::write_atom::value, b)
          .then([&log](const storage::batch_result& r) { log.answers.push_back("ok " + std::to_string(r.new_deals)); },
                [&log](caf::error& e) { log.answers.push_back("error: " + caf::to_string(e)); });
    return {[](int) {}};
  });
  REQUIRE(env.sched.prioritize(client));
  env.sched.run_once();  // the client sends every batch: all queue in the writer's mailbox
  return client;
}

} // namespace

TEST_CASE("writes queued behind a group's first batch share its commit and are answered only after it") {
  deterministic_writer env;
  client_log log;
  auto client = send_all(env,
                         {inserting({deal("B000000001")}), inserting({deal("B000000002")}),
                          inserting({deal("B000000003")}, {{"refiller.watermark", "7654321", 1'767'225'600}})},
                         log);
  for (int i = 0; i < 3; ++i) {
    env.writer_step();  // each batch joins the open group: nothing committed, nobody answered
    CHECK(env.committed_deals() == 0);
    CHECK(env.committed_state("refiller.watermark") == "(not written)");
  }
  env.writer_step();  // the group's reminder, behind the three: one commit for all of them
  CHECK(env.committed_deals() == 3);
  CHECK(env.committed_state("refiller.watermark") == "7654321");
  CHECK(log.answers.empty());  // answers are on their way, sent after the commit
  env.sched.run();
  CHECK(log.answers == std::vector<std::string>{"ok 1", "ok 1", "ok 1"});
  caf::anon_send_exit(client, caf::exit_reason::user_shutdown);
}

TEST_CASE("a bad batch in a group fails alone: its cursor stays, the others commit with theirs") {
  deterministic_writer env;
  client_log log;
  auto client = send_all(env,
                         {inserting({deal("B000000001")}, {{"backfiller.cursor", "3:1", 1'767'225'600}}),
                          inserting({deal("B000000002"), deal("B000000009", -5)},
                                    {{"refiller.watermark", "7654321", 1'767'225'600}}),
                          inserting({deal("B000000003")})},
                         log);
  env.sched.run();
  REQUIRE(log.answers.size() == 3);
  CHECK(log.answers[0] == "ok 1");
  CHECK_THAT(log.answers[1], Catch::Contains("B000000009") && Catch::Contains("negative") &&
                                 Catch::Contains("nothing was written"));
  CHECK(log.answers[2] == "ok 1");
  CHECK(env.committed_deals() == 2);  // B000000002 went with its batch's bad row
  CHECK(env.committed_state("backfiller.cursor") == "3:1");
  CHECK(env.committed_state("refiller.watermark") == "(not written)");
  caf::anon_send_exit(client, caf::exit_reason::user_shutdown);
}

TEST_CASE("a group whose first batch waited past the time bound commits at once; its stale reminder is ignored") {
  deterministic_writer env({.max_rows = 20'000, .max_wait = 50ms});
  client_log log;
  auto client = send_all(env, {inserting({deal("B000000001")}), inserting({deal("B000000002")}),
                               inserting({deal("B000000003")})},
                         log);
  env.writer_step();  // opens the group at t
  env.sched.clock().current_time += 60ms;
  env.writer_step();  // joins at t + 60 ms: past the bound, committed with the first
  CHECK(env.committed_deals() == 2);
  env.writer_step();  // the third opens a new group
  env.writer_step();  // the first group's reminder: that group is gone, the new one stays open
  CHECK(env.committed_deals() == 2);
  env.writer_step();  // the new group's own reminder
  CHECK(env.committed_deals() == 3);
  env.sched.run();
  CHECK(log.answers == std::vector<std::string>{"ok 1", "ok 1", "ok 1"});
  caf::anon_send_exit(client, caf::exit_reason::user_shutdown);
}

TEST_CASE("a group reaching its row bound commits without waiting for the mailbox") {
  deterministic_writer env({.max_rows = 3, .max_wait = 50ms});
  client_log log;
  auto client = send_all(env, {inserting({deal("B000000001"), deal("B000000002")}), inserting({deal("B000000003")})},
                         log);
  env.writer_step();
  CHECK(env.committed_deals() == 0);
  env.writer_step();  // 2 + 1 rows: the bound
  CHECK(env.committed_deals() == 3);
  env.sched.run();
  CHECK(log.answers == std::vector<std::string>{"ok 2", "ok 1"});
  caf::anon_send_exit(client, caf::exit_reason::user_shutdown);
}

TEST_CASE("a read after writes commits the open group first, so it sees them") {
  deterministic_writer env;
  client_log log;
  std::int64_t counted = -1;
  auto client = env.sys.spawn([&](caf::event_based_actor* me) -> caf::behavior {
    me->request(env.writer, caf::infinite, kd::write_atom::value, inserting({deal("B000000001")}))
        .then([&](const storage::batch_result&) { log.answers.push_back("ok"); }, [](caf::error&) {});
    me->request(env.writer, caf::infinite, kd::count_atom::value)
        .then([&](std::int64_t n) { counted = n; }, [](caf::error&) {});
    return {[](int) {}};
  });
  REQUIRE(env.sched.prioritize(client));
  env.sched.run_once();
  env.writer_step();  // the write: group open
  CHECK(env.committed_deals() == 0);
  env.writer_step();  // the count: commits first
  CHECK(env.committed_deals() == 1);
  env.sched.run();
  CHECK(counted == 1);
  CHECK(log.answers == std::vector<std::string>{"ok"});
  caf::anon_send_exit(client, caf::exit_reason::user_shutdown);
}

TEST_CASE("a writer stopped with a group open commits it before it exits") {
  deterministic_writer env;
  client_log log;
  auto client = send_all(env, {inserting({deal("B000000001")})}, log);
  env.writer_step();  // joined, reminder queued behind it
  caf::anon_send_exit(env.writer, caf::exit_reason::user_shutdown);
  env.sched.run();
  CHECK(env.committed_deals() == 1);
  CHECK(log.answers == std::vector<std::string>{"ok 1"});
  caf::anon_send_exit(client, caf::exit_reason::user_shutdown);
}
