// SIGKILL at random (seeded) moments of a backfill, restarted each time:
// the file stays intact, no ASIN is stored twice or fetched heavy twice, and
// the rows equal those of a run that was never killed. KEEPA_KILL_ROUNDS and
// KEEPA_KILL_SEED make it a longer soak (scripts/soak-kill.sh).
#include "child_process.hpp"
#include "mock/mock_server.hpp"
#include "tests/fixtures/mock_fixtures.hpp"

#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <unistd.h>

namespace {

using namespace std::chrono_literals;

const std::filesystem::path dir = std::filesystem::temp_directory_path() / ("kd-e2e-kill-" + std::to_string(::getpid()));

std::uint64_t from_env(const char* name, std::uint64_t fallback) {
  const char* text = std::getenv(name);
  return text && *text ? std::stoull(text) : fallback;
}

std::vector<std::string> backfill_args(const mock::mock_server& server, const std::filesystem::path& db) {
  return {KEEPA_DEALS_BINARY, "run", "--backfill", "--backfill-max", "10000", "--keepa-url",
          "http://127.0.0.1:" + std::to_string(server.port()), "--db", db.string()};
}

// What the heavy analysis decided for each ASIN, and how often it was fetched
// heavy: what a re-run must not change. (Refreshes from the feed may move
// price and source, so those are left out.)
std::map<std::string, std::string> analysed_rows(const std::filesystem::path& db) {
  SQLite::Database reader(db, SQLite::OPEN_READONLY);
  SQLite::Statement q(reader,
                      "SELECT asin, title || '|' || coalesce(list_at_cents, '') || '|' || "
                      "coalesce(one_year_avg_cents, '') || '|' || seasonality || '|' || sells || '|' || "
                      "coalesce(profit_confidence_pct, '') || '|' || trend || '|' || fba_fee_cents || '|' || "
                      "first_seen_utc || '|' || heavy_fetches FROM deals "
                      "UNION ALL SELECT asin, 'reject' FROM rejects");
  std::map<std::string, std::string> rows;
  while (q.executeStep()) {
    const bool fresh = rows.emplace(q.getColumn(0).getString(), q.getColumn(1).getString()).second;
    CHECK(fresh);  // no ASIN twice, in deals and rejects together
  }
  return rows;
}

int run_to_end(const mock::mock_server& server, const std::filesystem::path& db) {
  auto node = e2e::spawn(backfill_args(server, db));
  std::string log;
  const int code = e2e::finish(node, log);
  INFO(log);
  return code;
}

} // namespace

TEST_CASE("SIGKILL at 20 random moments of a backfill: integrity ok, no ASIN doubled, rows of an unkilled run") {
  const auto rounds = from_env("KEEPA_KILL_ROUNDS", 20);
  const auto seed = from_env("KEEPA_KILL_SEED", 13);
  std::filesystem::create_directories(dir);
  // Its own server for each, the same universe: the same feed, unmoved.
  mock::mock_server reference_server{fixtures::backfill_universe()};
  reference_server.start();
  const auto reference_db = dir / "reference.db";
  const auto started = std::chrono::steady_clock::now();
  REQUIRE(run_to_end(reference_server, reference_db) == 0);
  const auto one_run = std::chrono::steady_clock::now() - started;
  reference_server.stop();
  const auto expected = analysed_rows(reference_db);
  REQUIRE(expected.size() > 60);

  mock::mock_server server{fixtures::backfill_universe()};
  server.start();
  const auto db = dir / "deals.db";
  // Kill points within the first quarter of an unkilled run's length
  // (measured above, so a slow machine still gets its kills mid-walk), seeded:
  // each killed run gets somewhere or nowhere (a kill during start-up), and
  // the walk resumes from the saved cursor.
  std::mt19937_64 random(seed);
  const auto quarter = std::max<std::int64_t>(
      40, std::chrono::duration_cast<std::chrono::milliseconds>(one_run).count() / 4);
  std::uniform_int_distribution<std::int64_t> after_ms(5, quarter);
  std::uint64_t killed = 0, walks = 0;
  auto check_walk = [&] {
    ++walks;
    SQLite::Database reader(db, SQLite::OPEN_READONLY);
    CHECK(reader.execAndGet("PRAGMA integrity_check").getString() == "ok");
    const auto rows = analysed_rows(db);
    CHECK(rows.size() == expected.size());
    std::size_t differing = 0;
    for (const auto& [asin, fields] : expected) {
      const auto it = rows.find(asin);
      if (it == rows.end() || it->second != fields) {
        ++differing;
        UNSCOPED_INFO(asin << ": expected " << fields << ", got " << (it == rows.end() ? "nothing" : it->second));
      }
    }
    CHECK(differing == 0);
  };
  while (killed < rounds) {
    auto node = e2e::spawn(backfill_args(server, db));
    std::this_thread::sleep_for(std::chrono::milliseconds(after_ms(random)));
    ::kill(node.pid, SIGKILL);
    std::string log;
    const int code = e2e::finish(node, log);
    if (code == -1) {
      ++killed;
      continue;
    }
    // It ended before the kill: the walk is complete. Judge it, and start
    // the next walk on a new file (a complete walk is not walked again).
    INFO(log);
    CHECK(code == 0);
    check_walk();
    for (const char* suffix : {"", "-wal", "-shm"})
      std::filesystem::remove(db.string() + suffix);
  }
  REQUIRE(run_to_end(server, db) == 0);
  check_walk();
  server.stop();
  WARN(killed << " kills over " << walks << " walks, seed " << seed);
  std::filesystem::remove_all(dir);
}
