// The binary's backfill against every fault the mock injects, one row each:
// the process keeps running or stops saying why; every ASIN of the feed is
// written or still queued behind the cursor (counted); the cursor never
// passes an uncommitted row; what the node recorded of its tokens agrees with
// the mock's meter; and a run after the fault completes the feed, with the
// rows of a run that never saw one.
#include "child_process.hpp"
#include "backfill_feed.hpp"
#include "keepa/pricing.hpp"
#include "mock/mock_server.hpp"
#include "shell_command.hpp"
#include "tests/fixtures/mock_fixtures.hpp"

#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <unistd.h>

namespace {

using namespace std::chrono_literals;

const std::filesystem::path dir =
    std::filesystem::temp_directory_path() / ("kd-e2e-faults-" + std::to_string(::getpid()));

// A 429 answered `refillIn` ms before the next refill is waited out that
// long: the mock's clock is held 300 ms before a refill, so every 429 costs
// the node 0.4 s rather than up to a minute.
constexpr auto refill_phase = 59'700ms;
// The client's read timeout for these runs, and a slow answer beyond it.
constexpr int timeout_seconds = 2;
constexpr int slow_ms = 3'500;

std::string url_of(const mock::mock_server& server) { return "http://127.0.0.1:" + std::to_string(server.port()); }

// A faulted run walks the first chunks only (the fault hits the fourth call);
// the reference, the shifted-feed row and the runs after a fault walk it all.
constexpr std::size_t capped_deals = 5 * fixtures::backfill_chunk_size;
constexpr std::size_t whole_feed = 10'000;

e2e::process_result backfill(const mock::mock_server& server, const std::filesystem::path& db,
                             std::size_t max_deals = whole_feed) {
  const auto config = dir / "faults.toml";
  if (!std::filesystem::exists(config))
    std::ofstream(config) << "[keepa]\ntimeout_seconds = " << timeout_seconds << "\n";
  // hybrid: every /product call of a first walk is a heavy one whose rows are
  // written (optimal's separate offers calls may fail without losing a row),
  // so a fault aimed at the n-th call always lands where rows are at stake.
  return e2e::run_shell("KEEPA_API_KEY=any " + std::string(KEEPA_DEALS_BINARY) +
                        " run --backfill --backfill-max " + std::to_string(max_deals) + " --mode hybrid" +
                        " --config " + config.string() + " --keepa-url " + url_of(server) + " --db " + db.string());
}

struct store_view {
  std::set<std::string> asins;  // deals and rejects: every ASIN the node has an answer for
  std::int64_t rows = 0;        // rows in both tables: more than asins.size() means an ASIN doubled
  std::string cursor;
  std::int64_t spent = 0;       // the node's own record of its tokens, all kinds
  std::optional<std::int64_t> tokens_left;
};

store_view view_of(const std::filesystem::path& db) {
  SQLite::Database reader(db, SQLite::OPEN_READONLY);
  store_view v;
  SQLite::Statement q(reader, "SELECT asin FROM deals UNION ALL SELECT asin FROM rejects");
  while (q.executeStep()) {
    v.asins.insert(q.getColumn(0).getString());
    ++v.rows;
  }
  auto state = [&](const char* key) -> std::optional<std::string> {
    SQLite::Statement s(reader, "SELECT value FROM system_state WHERE key = ?");
    s.bind(1, key);
    if (s.executeStep())
      return s.getColumn(0).getString();
    return std::nullopt;
  };
  v.cursor = state("backfiller.cursor").value_or("");
  if (const auto left = state("bucket.tokens_left"))
    v.tokens_left = std::stoll(*left);
  v.spent = reader.execAndGet("SELECT coalesce(sum(tokens), 0) FROM token_spend").getInt64();
  return v;
}

// Where a "page:chunk" cursor points in the feed.
std::size_t position_of(const std::string& cursor) {
  if (cursor.empty())  // never saved: the first chunk
    return 0;
  const auto colon = cursor.find(':');
  REQUIRE(colon != std::string::npos);
  return std::stoul(cursor.substr(0, colon)) * static_cast<std::size_t>(keepa::deal_page_size) +
         std::stoul(cursor.substr(colon + 1)) * fixtures::backfill_chunk_size;
}

struct fault_case {
  const char* name;
  mock::fault fault;
  // Answers the mock bills but the node never reads (cut, reset, too slow,
  // unparsable): the node cannot book what it never saw, so its record may
  // fall short of the meter by these, and only by these.
  bool loses_billed_answers = false;
  std::size_t max_deals = capped_deals;
};

// Aimed at /product calls after the first three chunks went through, so a
// fault that stops the walk leaves a cursor in the middle of the feed.
mock::fault on_products(mock::fault_kind kind, int count) {
  mock::fault f;
  f.kind = kind;
  f.count = count;
  f.after = 3;
  f.endpoint = "product";
  return f;
}

std::vector<fault_case> fault_cases() {
  using k = mock::fault_kind;
  auto slow = on_products(k::slow, 1);
  slow.delay_ms = slow_ms;
  auto missing = on_products(k::missing_products, 1);
  missing.missing = 3;
  mock::fault shift;
  shift.kind = k::feed_shift;
  shift.endpoint = "deal";
  shift.count = 1;  // page 1: the feed ([deals] defaults) has at least two pages
  shift.after = 1;
  shift.shift = 7;
  return {
      {"429 storm", on_products(k::token_storm, 4)},
      {"500", on_products(k::internal_error, 1)},
      {"502", on_products(k::bad_gateway, 3)},
      {"503", on_products(k::service_unavailable, 3)},
      {"timeout", slow, true},
      {"connection dropped before the answer", on_products(k::drop_connection, 2)},
      {"connection reset mid-body", on_products(k::reset_mid_body, 2), true},
      {"truncated gzip", on_products(k::truncated_gzip, 2), true},
      {"malformed JSON", on_products(k::malformed_json, 2), true},
      {"missing products", missing},
      {"duplicate ASINs", on_products(k::duplicate_products, 2)},
      {"feed page changed between requests", shift, false, whole_feed},
      {"oversized response", on_products(k::oversized, 1), true},
  };
}

// The bound on what a lost answer can have cost: a chunk of 20 heavy
// products with their offers.
constexpr std::int64_t chunk_bound = 20 * (2 + 12);

void check_tokens(const store_view& v, const mock::mock_server& server, std::int64_t charged_before, bool lossy,
                  int count) {
  const auto stats = server.stats();
  const auto charged = stats.tokens_charged_total - charged_before;
  INFO("node booked " << v.spent << ", mock charged " << charged);
  CHECK(v.spent <= charged);
  if (lossy)
    CHECK(charged - v.spent <= count * chunk_bound);
  else
    CHECK(v.spent == charged);
  REQUIRE(v.tokens_left.has_value());
  // The bucket as the last envelope the node read left it: the mock's own,
  // or, when the last billed answer was lost, short by exactly what it cost.
  const auto gap = *v.tokens_left - stats.tokens_left;
  INFO("node's balance " << *v.tokens_left << ", mock's " << stats.tokens_left);
  CHECK((gap == 0 || (lossy && gap == charged - v.spent)));
}

} // namespace

TEST_CASE("fault matrix: each injected fault leaves every ASIN written or queued behind the cursor") {
  std::filesystem::create_directories(dir);
  mock::mock_server server{fixtures::backfill_universe()};
  server.start();
  server.advance(refill_phase);
  const auto feed = e2e::backfill_feed(url_of(server));
  // The shift row needs a second page; the cursor rows need several chunks.
  REQUIRE(feed.size() > static_cast<std::size_t>(keepa::deal_page_size));

  const auto reference_db = dir / "reference.db";
  const auto reference_run = backfill(server, reference_db);
  INFO(reference_run.out);
  REQUIRE(reference_run.exit_code == 0);
  const auto expected = view_of(reference_db).asins;
  REQUIRE(expected.size() > 3 * fixtures::backfill_chunk_size);
  std::map<std::string, std::size_t> position;
  for (std::size_t i = 0; i < feed.size(); ++i)
    position.emplace(feed[i], i);

  // One server and one reference for all rows (a SECTION would build them
  // again for each): each row starts from an empty database.
  for (const auto& row : fault_cases()) {
    {
      const auto db = dir / "row.db";
      std::filesystem::remove(db);
      const auto charged_before = server.stats().tokens_charged_total;
      server.inject(row.fault);
      const auto faulted = backfill(server, db, row.max_deals);
      const auto pending = server.stats().pending_faults;
      server.clear_faults();
      INFO(row.name << ":\n" << faulted.out);
      CHECK(pending == 0);  // the fault hit as often as it was meant to
      // Running on, or stopped with a reason: exit 1 names the unwritten deals.
      CHECK((faulted.exit_code == 0 || faulted.exit_code == 1));
      if (faulted.exit_code != 0 && faulted.exit_code != 1)
        continue;
      if (faulted.exit_code == 1)
        CHECK(faulted.out.find("not written, kept for the next run") != std::string::npos);

      const auto after = view_of(db);
      CHECK(after.rows == static_cast<std::int64_t>(after.asins.size()));  // no ASIN doubled
      std::size_t written = 0, queued = 0;
      const bool walked_all = faulted.exit_code == 0 && row.max_deals >= feed.size();
      const std::size_t cursor_at = walked_all ? feed.size() : position_of(after.cursor);
      for (const auto& asin : expected) {
        if (after.asins.contains(asin)) {
          ++written;
          continue;
        }
        ++queued;
        // Not written: it must lie at or after the cursor, so the next run reaches it.
        CHECK(position.at(asin) >= cursor_at);
      }
      for (const auto& asin : after.asins)
        CHECK(expected.contains(asin));
      CHECK(written + queued == expected.size());
      WARN(row.name << ": exit " << faulted.exit_code << ", cursor " << after.cursor << ", " << written
                    << " written, " << queued << " still queued of " << expected.size());
      check_tokens(after, server, charged_before, row.loses_billed_answers, row.fault.count);

      // A run the fault did not stop went as far as it was let: the whole
      // feed, or the cap (checked above: nothing before it unwritten). One it
      // stopped is completed by the next run, unfaulted: the reference's rows.
      if (faulted.exit_code == 0) {
        if (walked_all)
          CHECK(after.cursor == "0:0");
        else
          CHECK(position_of(after.cursor) == row.max_deals);
        continue;
      }
      const auto charged_mid = server.stats().tokens_charged_total;
      const auto spent_mid = after.spent;
      const auto recovery = backfill(server, db);
      INFO(recovery.out);
      CHECK(recovery.exit_code == 0);
      const auto final_view = view_of(db);
      CHECK(final_view.asins == expected);
      CHECK(final_view.rows == static_cast<std::int64_t>(expected.size()));
      CHECK(final_view.cursor == "0:0");
      CHECK(final_view.spent - spent_mid == server.stats().tokens_charged_total - charged_mid);
      CHECK(*final_view.tokens_left == server.stats().tokens_left);
    }
  }
  server.stop();
  std::filesystem::remove_all(dir);
}

TEST_CASE("a 429 storm on a negative balance costs nothing and the backfill completes once tokens refill") {
  std::filesystem::create_directories(dir);
  auto options = fixtures::backfill_universe();
  options.token_rate = 1000;
  options.initial_tokens = -500;  // one refill from positive
  mock::mock_server server{options};
  server.start();
  server.advance(refill_phase);
  const auto db = dir / "negative.db";

  auto node = e2e::spawn({KEEPA_DEALS_BINARY, "run", "--backfill", "--backfill-max", "10000", "--keepa-url",
                          url_of(server), "--db", db.string()});
  // The node waits out a refill the mock's held clock never brings: 429s, free.
  while (server.stats().responses_by_status[429] < 3)
    std::this_thread::sleep_for(20ms);
  CHECK(server.stats().tokens_charged_total == 0);
  CHECK(server.stats().tokens_left == -500);
  server.advance(1min);  // +1000: positive again
  std::string log;
  const int exit_code = e2e::finish(node, log);
  INFO(log);
  CHECK(exit_code == 0);
  const auto after = view_of(db);
  CHECK(after.cursor == "0:0");
  CHECK(after.rows == static_cast<std::int64_t>(after.asins.size()));
  CHECK(after.asins.size() > 3 * fixtures::backfill_chunk_size);
  CHECK(after.spent == server.stats().tokens_charged_total);
  REQUIRE(after.tokens_left.has_value());
  CHECK(*after.tokens_left == server.stats().tokens_left);
  server.stop();
  std::filesystem::remove_all(dir);
}
