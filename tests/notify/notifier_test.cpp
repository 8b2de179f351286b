// The notifier against webhook servers on 127.0.0.1 that the test starts: a
// real SQLite outbox, the real writer actor, the project's HTTP client, CAF's
// threaded scheduler. A receiver that fails for a while (a hang past the
// timeout, a dropped connection, 503s) then recovers gets every notification,
// in order, and none again once it answered 2xx.
#include "actors/notifier_actor.hpp"
#include "actors/writer_actor.hpp"
#include "storage/deal_store.hpp"
#include "tests/net/server/loopback_server.hpp"

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/send.hpp>
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <mutex>
#include <random>
#include <thread>
#include <unistd.h>

using namespace std::chrono_literals;

namespace {

constexpr std::int64_t t0 = 1'793'491'200;  // 2026-11-01T00:00:00Z: every row and delivery time is pinned

struct temp_db {
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              ("keepa-deals-notify-" + std::to_string(::getpid()) + "-" +
                               std::to_string(std::random_device{}()));
  temp_db() { std::filesystem::create_directories(dir); }
  ~temp_db() {
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
  }
  std::filesystem::path file() const { return dir / "deals.db"; }
};

// `n` profitable new deals: n new_deal notifications.
void queue_deals(const std::filesystem::path& file, int n) {
  storage::deal_store store(file);
  for (int i = 0; i < n; ++i) {
    storage::deal_row d;
    d.asin = "00000000" + std::to_string(10 + i);
    d.title = "Book " + std::to_string(i);
    d.price_now_cents = 1500;
    d.list_at_cents = 6000;
    d.one_year_avg_cents = 3000;
    d.profit_cents = 2500;
    d.margin_pct = 41.7;
    d.first_seen_utc = d.last_seen_utc = t0 + i;
    d.source = storage::source_upserter;
    store.insert(d);
  }
}

storage::notification_counts counts(const std::filesystem::path& file) {
  storage::deal_store store(file);  // a second connection: WAL lets it read beside the writer
  return store.count_notifications();
}

// Waits for the outbox to reach a state; a failure to get there is the test's failure.
bool wait_for(const std::filesystem::path& file, std::function<bool(const storage::notification_counts&)> done) {
  for (int i = 0; i < 600; ++i) {
    if (done(counts(file)))
      return true;
    std::this_thread::sleep_for(50ms);
  }
  return false;
}

std::string key_in(const std::string& body) {
  const auto at = body.find("\"idempotency_key\":\"");
  REQUIRE(at != std::string::npos);
  const auto from = at + 19;
  return body.substr(from, body.find('"', from) - from);
}

struct node_parts {
  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  kd::writer_actor writer;
  kd::notifier_actor notifier;
  node_parts(const std::filesystem::path& file, kd::notifier_config config) {
    writer = kd::spawn_writer(sys, file);
    auto time = std::make_shared<ingest::node_time>(t0 * 1000, sys.clock().now());
    notifier = kd::spawn_notifier(sys, std::move(config), writer, time);
  }
  ~node_parts() {
    caf::anon_send_exit(notifier, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(writer, caf::exit_reason::user_shutdown);
  }
};

kd::notifier_config fast_config(const std::string& url) {
  kd::notifier_config c;
  c.webhook_url = url + "/hook";
  c.timeout = 300ms;
  c.retry = {.first_backoff = 20ms, .factor = 2.0, .max_backoff = 200ms};
  c.poll_every = 50ms;
  c.batch = 2;  // several outbox reads
  return c;
}

} // namespace

TEST_CASE("a webhook that fails for a while then recovers gets everything once, in order") {
  temp_db db;
  queue_deals(db.file(), 5);
  std::mutex m;
  std::vector<std::pair<std::string, int>> answered;  // key, status, in arrival order
  int seen = 0;
  loopback::server hook([&](const loopback::received& r) {
    std::lock_guard lock(m);
    loopback::scripted_reply reply;
    reply.gzip = false;
    reply.body = "{}";
    const int n = seen++;
    if (n == 0)
      reply.fault_kind = loopback::fault::hang;  // past the client's timeout
    else if (n == 1)
      reply.fault_kind = loopback::fault::drop_before_reply;
    else if (n < 5)
      reply.status = 503;
    answered.emplace_back(key_in(r.body), reply.fault_kind == loopback::fault::none ? reply.status : 0);
    return reply;
  });
  {
    node_parts parts(db.file(), fast_config(hook.base_url()));
    REQUIRE(wait_for(db.file(), [](const auto& c) { return c.sent == 5; }));
    // A few more polls: nothing already answered 2xx may go again.
    std::this_thread::sleep_for(300ms);
  }
  const auto c = counts(db.file());
  CHECK(c.pending == 0);
  CHECK(c.failed == 0);

  std::lock_guard lock(m);
  std::map<std::string, int> ok;
  std::vector<std::string> order;
  for (const auto& [key, status] : answered) {
    CHECK(ok[key] == 0);  // nothing is sent after its 2xx
    if (status / 100 == 2) {
      ++ok[key];
      order.push_back(key);
    }
  }
  REQUIRE(order.size() == 5);
  // Oldest first, and the first row was tried 5 times before it got through.
  for (std::size_t i = 1; i < order.size(); ++i)
    CHECK(order[i - 1] < order[i]);
  // The first row was tried through every failure (hang, drop, three 503s) before its 2xx.
  CHECK(std::count_if(answered.begin(), answered.end(), [&](const auto& a) { return a.first == order[0]; }) >= 5);
  CHECK(answered[0].first == order[0]);

  // Each request carries the key in a header too, equal to the body's.
  for (const auto& r : hook.requests()) {
    CHECK(r.method == "POST");
    CHECK(r.target == "/hook");
    CHECK(r.headers.at("content-type") == "application/json");
    CHECK(r.headers.at("idempotency-key") == key_in(r.body));
    CHECK(r.body.find("\"kind\":\"new_deal\"") != std::string::npos);
  }
}

TEST_CASE("a webhook that refuses one notification: it ends failed, kept, and the rest go through") {
  temp_db db;
  queue_deals(db.file(), 3);
  std::mutex m;
  int seen = 0;
  loopback::server hook([&](const loopback::received&) {
    std::lock_guard lock(m);
    loopback::scripted_reply reply;
    reply.gzip = false;
    reply.status = seen++ == 0 ? 422 : 200;
    return reply;
  });
  {
    node_parts parts(db.file(), fast_config(hook.base_url()));
    REQUIRE(wait_for(db.file(), [](const auto& c) { return c.sent == 2 && c.failed == 1; }));
  }
  CHECK(hook.requests().size() == 3);  // a refusal is not retried
  storage::deal_store store(db.file());
  CHECK(store.pending_notifications(10).empty());
}

TEST_CASE("with no webhook listening, nothing is marked sent and the outbox keeps every row") {
  temp_db db;
  queue_deals(db.file(), 2);
  std::uint16_t closed_port = 0;
  {
    loopback::server gone([](const loopback::received&) { return loopback::scripted_reply{}; });
    closed_port = gone.port();
  }
  {
    node_parts parts(db.file(), fast_config("http://127.0.0.1:" + std::to_string(closed_port)));
    // Wait for a few failed attempts of the first row to be recorded.
    REQUIRE(wait_for(db.file(), [&](const auto&) {
      storage::deal_store store(db.file());
      const auto rows = store.pending_notifications(1);
      return !rows.empty() && rows[0].attempts >= 3;
    }));
  }
  const auto c = counts(db.file());
  CHECK(c.sent == 0);
  CHECK(c.failed == 0);
  CHECK(c.pending == 2);
}
