// The binary's backfiller against the mock server: a capped run stops with
// its cursor after the last committed chunk, the next run resumes there, and
// the run that reaches the end of the feed starts the cursor over.
#include "mock/mock_server.hpp"
#include "storage/deal_store.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <sys/wait.h>

namespace {

int run_backfill(const std::string& url, const std::filesystem::path& db) {
  const std::string command = std::string("KEEPA_API_KEY=any ") + KEEPA_DEALS_BINARY +
                              " run --backfill --backfill-max 50 --keepa-url " + url + " --db " + db.string() +
                              " > /dev/null 2>&1";
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string cursor_of(const std::filesystem::path& db) {
  storage::deal_store store{db};
  return store.state("backfiller.cursor").value_or("");
}

} // namespace

TEST_CASE("backfill resumes from its cursor and starts over at the end of the feed") {
  mock::server_options options;
  options.universe_products = 400;
  options.seed = 11;
  options.initial_tokens = 1'000'000;
  options.simulated_clock = true;  // the feed holds still between runs
  mock::mock_server server{options};
  server.start();
  const auto dir = std::filesystem::temp_directory_path() / ("kd-e2e-backfill-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto db = dir / "deals.db";
  const auto url = "http://127.0.0.1:" + std::to_string(server.port());

  // Chunks of 20 and at most 50 deals a run: three chunks, then stop.
  auto stored = [&db] {
    storage::deal_store store{db};
    return store.deal_count();
  };
  REQUIRE(run_backfill(url, db) == 0);
  CHECK(cursor_of(db) == "0:3");
  const auto after_first = stored();
  CHECK(after_first > 40);  // 60 ASINs, less those the peek skipped or that are not deals

  REQUIRE(run_backfill(url, db) == 0);
  CHECK(cursor_of(db) == "0:6");
  // The second run took the next three chunks, not the first three again.
  CHECK(stored() > after_first + 40);

  // The feed (one short page here) ends within the third run.
  REQUIRE(run_backfill(url, db) == 0);
  CHECK(cursor_of(db) == "0:0");
  CHECK(stored() > 100);
  server.stop();
  std::filesystem::remove_all(dir);
}
