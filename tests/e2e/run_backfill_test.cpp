// The binary's backfiller against the mock server: a capped run stops with
// its cursor after the last committed chunk, the next run resumes there, and
// the run that reaches the end of the feed starts the cursor over. What each
// run stores is judged against the feed the mock serves, asked for first.
#include "backfill_feed.hpp"
#include "keepa/pricing.hpp"
#include "mock/mock_server.hpp"
#include "storage/deal_store.hpp"
#include "tests/fixtures/mock_fixtures.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <set>
#include <sys/wait.h>

namespace {

int run_backfill(const std::string& url, const std::filesystem::path& db, std::size_t max_deals) {
  const std::string command = std::string("KEEPA_API_KEY=any ") + KEEPA_DEALS_BINARY + " run --backfill --backfill-max " +
                              std::to_string(max_deals) + " --keepa-url " + url + " --db " + db.string() +
                              " > /dev/null 2>&1";
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string cursor_of(const std::filesystem::path& db) {
  storage::deal_store store{db};
  return store.state("backfiller.cursor").value_or("");
}

// Positions in the feed of the ASINs the store holds; -1 for one not in the feed.
std::set<long> stored_positions(const std::filesystem::path& db, const std::vector<std::string>& feed) {
  storage::deal_store store{db};
  std::set<long> at;
  for (std::size_t i = 0; i < feed.size(); ++i)
    if (store.find(feed[i]))
      at.insert(static_cast<long>(i));
  if (store.deal_count() != static_cast<std::int64_t>(at.size()))
    at.insert(-1);
  return at;
}

// Whether some of `positions` lie in [first, last) and none outside [0, last).
bool some_within(const std::set<long>& positions, long first, long last) {
  return !positions.empty() && *positions.begin() >= 0 && *positions.rbegin() < last &&
         positions.lower_bound(first) != positions.end();
}

} // namespace

TEST_CASE("backfill resumes from its cursor and starts over at the end of the feed") {
  mock::mock_server server{fixtures::backfill_universe()};
  server.start();
  const auto dir = std::filesystem::temp_directory_path() / ("kd-e2e-backfill-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto db = dir / "deals.db";
  const auto url = "http://127.0.0.1:" + std::to_string(server.port());

  // The simulated clock holds the feed still, so every run walks this one.
  const auto feed = e2e::backfill_feed(url);
  const long chunk = fixtures::backfill_chunk_size;
  // Two capped runs stay inside the first page: fixture_properties_test checks it at any start.
  REQUIRE(std::min<std::size_t>(feed.size(), keepa::deal_page_size) > fixtures::backfill_chunks_taken * fixtures::backfill_chunk_size);

  // At most 50 deals a run in chunks of 20: three chunks, then stop.
  REQUIRE(run_backfill(url, db, 50) == 0);
  CHECK(cursor_of(db) == "0:3");
  const auto after_first = stored_positions(db, feed);
  // Deals from the first three chunks only (less those the peek skipped or that are not deals).
  CHECK(some_within(after_first, 0, 3 * chunk));

  REQUIRE(run_backfill(url, db, 50) == 0);
  CHECK(cursor_of(db) == "0:6");
  auto after_second = stored_positions(db, feed);
  // The second run took the next three chunks, not the first three again.
  std::set<long> added_second;
  std::set_difference(after_second.begin(), after_second.end(), after_first.begin(), after_first.end(),
                      std::inserter(added_second, added_second.end()));
  CHECK(some_within(added_second, 3 * chunk, 6 * chunk));
  CHECK(added_second.lower_bound(3 * chunk) == added_second.begin());

  // A run with room for the whole rest reaches the end of the feed and starts over.
  REQUIRE(run_backfill(url, db, 10'000) == 0);
  CHECK(cursor_of(db) == "0:0");
  const auto after_third = stored_positions(db, feed);
  std::set<long> added_third;
  std::set_difference(after_third.begin(), after_third.end(), after_second.begin(), after_second.end(),
                      std::inserter(added_third, added_third.end()));
  CHECK(some_within(added_third, 6 * chunk, static_cast<long>(feed.size())));
  CHECK(added_third.lower_bound(6 * chunk) == added_third.begin());
  server.stop();
  std::filesystem::remove_all(dir);
}
