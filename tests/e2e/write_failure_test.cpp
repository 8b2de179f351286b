// The database stops taking writes in the middle of a backfill (every file
// write refused: the process's file-size limit set to one byte, as a full
// disk refuses them): the writer logs SQLite's error, the node stops buying
// rows it cannot store, retries, and once writes go through again it finishes
// with exactly the rows and cursor of a run that never failed.
#include "child_process.hpp"
#include "keepa/pricing.hpp"
#include "mock/mock_server.hpp"
#include "storage/deal_store.hpp"
#include "tests/fixtures/mock_fixtures.hpp"

#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>

#include <chrono>
#include <optional>
#include <filesystem>
#include <set>
#include <string>
#include <sys/resource.h>
#include <thread>
#include <unistd.h>

namespace {

using namespace std::chrono_literals;

const std::filesystem::path dir =
    std::filesystem::temp_directory_path() / ("kd-e2e-write-failure-" + std::to_string(::getpid()));

std::vector<std::string> backfill_args(std::uint16_t port, const std::filesystem::path& db) {
  return {KEEPA_DEALS_BINARY, "run", "--backfill", "--backfill-max", "10000", "--keepa-url",
          "http://127.0.0.1:" + std::to_string(port), "--db", db.string()};
}

std::set<std::string> stored_asins(const std::filesystem::path& db) {
  SQLite::Database reader(db, SQLite::OPEN_READONLY);
  SQLite::Statement q(reader, "SELECT asin FROM deals UNION ALL SELECT asin FROM rejects");
  std::set<std::string> out;
  while (q.executeStep())
    out.insert(q.getColumn(0).getString());
  return out;
}

std::int64_t deal_count(const std::filesystem::path& db) {
  try {
    SQLite::Database reader(db, SQLite::OPEN_READONLY);
    return reader.execAndGet("SELECT count(*) FROM deals").getInt64();
  } catch (const std::exception&) {
    return 0;  // not created or migrated yet
  }
}

// The soft limit only: it may go back up to the hard one without privilege.
void limit_file_size(pid_t pid, std::optional<rlim_t> bytes) {
  rlimit limit{};
  REQUIRE(::prlimit(pid, RLIMIT_FSIZE, nullptr, &limit) == 0);
  limit.rlim_cur = bytes.value_or(limit.rlim_max);
  REQUIRE(::prlimit(pid, RLIMIT_FSIZE, &limit, nullptr) == 0);
}

} // namespace

TEST_CASE("writes refused mid-run: SQLite's error is logged, tokens stop, and every row is written once they resume") {
  std::filesystem::create_directories(dir);

  // The run that never fails, on its own server (the same feed, the same bills).
  mock::mock_server reference_server{fixtures::backfill_universe()};
  reference_server.start();
  const auto reference_db = dir / "reference.db";
  auto reference = e2e::spawn(backfill_args(reference_server.port(), reference_db));
  std::string reference_log;
  REQUIRE(e2e::finish(reference, reference_log) == 0);
  const auto expected = stored_asins(reference_db);
  const auto reference_tokens = reference_server.stats().tokens_charged_total;
  reference_server.stop();
  // More than a chunk (20 ASINs) to fetch after the failure, or the test shows nothing.
  REQUIRE(expected.size() > 60);

  mock::mock_server server{fixtures::backfill_universe()};
  server.start();
  const auto db = dir / "deals.db";
  auto node = e2e::spawn(backfill_args(server.port(), db));
  while (deal_count(db) == 0)  // the first chunk committed
    std::this_thread::sleep_for(5ms);
  limit_file_size(node.pid, 1);
  std::string log;
  const bool refused = e2e::read_until(node.err, "cannot take writes", log);
  INFO(log);
  REQUIRE(refused);
  const auto at_refusal = server.stats().tokens_charged_total;
  // Well past the first retries (the node's own: 0.5 + 1 + 2 s of back-off),
  // long enough for a node that kept fetching to walk the rest of the feed.
  const bool retried = e2e::read_until(node.err, "still cannot write after 3 tries", log);
  INFO(log);
  REQUIRE(retried);
  const auto while_refused = server.stats().tokens_charged_total - at_refusal;
  const auto rows_while_refused = deal_count(db);
  limit_file_size(node.pid, std::nullopt);
  const int exit_code = e2e::finish(node, log);
  INFO(log);

  CHECK(exit_code == 0);
  // SQLite's own text, and the resumption.
  CHECK(log.find("disk I/O error") != std::string::npos);
  CHECK(log.find("takes writes again") != std::string::npos);
  // At most the calls already on their way when the first write failed: a
  // heavy chunk of 20 with its offers (12 a product at most) and a feed page.
  CHECK(while_refused <= 20 * (2 + 12) + keepa::deal_cost(1));
  CHECK(rows_while_refused < static_cast<std::int64_t>(expected.size()));
  // Nothing lost, nothing bought twice.
  CHECK(stored_asins(db) == expected);
  CHECK(server.stats().tokens_charged_total == reference_tokens);
  {
    storage::deal_store store{db};
    CHECK(store.state("backfiller.cursor") == std::optional<std::string>("0:0"));
  }
  server.stop();
  std::filesystem::remove_all(dir);
}
