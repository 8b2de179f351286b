// `keepa-deals status` and `--version` run as real processes: the JSON object
// is parsed back and checked key by key against what the store was given.
#include "storage/deal_store.hpp"
#include "storage/schema.hpp"
#include "tests/app/run_binary.hpp"
#include "tests/storage/store_fixture.hpp"

#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>
#include <simdjson.h>

#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

using namespace storage_test;
using namespace app_test;

namespace {

constexpr storage::unix_seconds day = 24 * hour;
constexpr storage::unix_seconds now = t0 + day + 12 * hour;  // 2026-01-02T12:00:00Z

// A store as a node leaves it: deals of two sources and ages, the bucket,
// spend on two days, runs of two jobs, the feed positions and its clock.
void write_node_file(const std::filesystem::path& file) {
  storage::deal_store store(file);
  storage::write_batch batch;
  storage::deal_row fresh = sample_deal("A000000001", now - 60);
  fresh.source = storage::source_upserter;
  batch.inserts = {fresh, sample_deal("A000000002", now - 30 * hour),
                   sample_deal("A000000003", now - 100 * hour)};
  batch.state = {{"bucket.tokens_left", "118", now - 20},
                 {"bucket.refill_rate", "20", now - 20},
                 {"bucket.refill_in_ms", "40000", now - 20},
                 {"node.clock_utc", std::to_string(now - 20), now - 20},
                 {"refiller.watermark", "7777777", now - 20},
                 {"backfiller.cursor", "12:3", now - 3 * hour},
                 {"refiller.next_run_utc", std::to_string(now + 40), now - 20},
                 {"janitor.next_run_utc", std::to_string(now + 6 * hour), now - 20}};
  batch.spend = {{t0 + hour, "heavy", 300}, {now - 100, "heavy", 45}, {now - 90, "light", 7}};
  batch.runs = {{"refiller", now - 80, now - 20, "failed", "Keepa said \"no\"\nretrying", 3, 52},
                {"backfiller", now - 4 * hour, now - 3 * hour, "stopped", "signal", 200, 300}};
  store.write(batch);
}

} // namespace

TEST_CASE("status --json prints one object with the documented keys and the stored values") {
  temp_dir dir;
  const auto file = dir.file("node.db");
  write_node_file(file);

  const run_result r =
      keepa_deals(dir, "status --json --db " + quoted(file.string()) + " --now " + std::to_string(now));
  INFO("stderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  REQUIRE(!r.out.empty());
  CHECK(r.out.back() == '\n');
  CHECK(r.out.find('\n') == r.out.size() - 1);  // one object, one line

  simdjson::dom::parser parser;
  simdjson::dom::element doc = parser.parse(r.out);
  CHECK(std::string_view(doc["db"]) == file.string());
  CHECK(int64_t(doc["schema_version"]) == storage::latest_schema_version());
  CHECK(int64_t(doc["as_of_utc"]) == now);

  simdjson::dom::element deals = doc["deals"];
  CHECK(int64_t(deals["total"]) == 3);
  CHECK(int64_t(deals["seen_within_1h"]) == 1);
  CHECK(int64_t(deals["seen_within_24h"]) == 1);
  CHECK(int64_t(deals["seen_within_72h"]) == 2);
  CHECK(int64_t(deals["by_source"]["upserter"]) == 1);
  CHECK(int64_t(deals["by_source"]["backfiller"]) == 2);
  CHECK(simdjson::dom::object(deals["by_source"]).size() == 2);

  simdjson::dom::element tokens = doc["tokens"];
  CHECK(int64_t(tokens["balance"]) == 118);
  CHECK(int64_t(tokens["refill_rate"]) == 20);
  CHECK(int64_t(tokens["refill_in_ms"]) == 40000);
  CHECK(int64_t(tokens["seen_utc"]) == now - 20);
  CHECK(int64_t(tokens["spent_today"]["heavy"]) == 45);
  CHECK(int64_t(tokens["spent_today"]["light"]) == 7);
  CHECK(int64_t(tokens["spent_total"]["heavy"]) == 345);
  CHECK(int64_t(tokens["spent_total"]["light"]) == 7);
  CHECK(int64_t(tokens["today_total"]) == 52);
  CHECK(int64_t(tokens["all_total"]) == 352);

  simdjson::dom::element refiller = doc["jobs"]["refiller"];
  CHECK(int64_t(refiller["runs"]) == 1);
  CHECK(int64_t(refiller["last_run"]["started_utc"]) == now - 80);
  CHECK(int64_t(refiller["last_run"]["ended_utc"]) == now - 20);
  CHECK(std::string_view(refiller["last_run"]["outcome"]) == "failed");
  CHECK(std::string_view(refiller["last_run"]["detail"]) == "Keepa said \"no\"\nretrying");
  CHECK(int64_t(refiller["last_run"]["asins"]) == 3);
  CHECK(int64_t(refiller["last_run"]["tokens"]) == 52);
  CHECK(int64_t(refiller["next_run_utc"]) == now + 40);

  simdjson::dom::element backfiller = doc["jobs"]["backfiller"];
  CHECK(int64_t(backfiller["runs"]) == 1);
  CHECK(std::string_view(backfiller["last_run"]["outcome"]) == "stopped");
  CHECK(backfiller["next_run_utc"].is_null());

  simdjson::dom::element janitor = doc["jobs"]["janitor"];
  CHECK(int64_t(janitor["runs"]) == 0);
  CHECK(janitor["last_run"].is_null());
  CHECK(int64_t(janitor["next_run_utc"]) == now + 6 * hour);

  CHECK(std::string_view(doc["refiller_watermark"]) == "7777777");
  CHECK(std::string_view(doc["backfiller_cursor"]) == "12:3");
}

TEST_CASE("status without --now measures from the node's recorded clock") {
  temp_dir dir;
  write_node_file(dir.file("deals.db"));  // the default --db, in the working directory
  const run_result r = keepa_deals(dir, "status --json");
  INFO("stderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  simdjson::dom::parser parser;
  simdjson::dom::element doc = parser.parse(r.out);
  CHECK(std::string_view(doc["db"]) == "deals.db");
  CHECK(int64_t(doc["as_of_utc"]) == now - 20);
}

TEST_CASE("status prints aligned lines with ISO-8601 UTC times") {
  temp_dir dir;
  const auto file = dir.file("node.db");
  write_node_file(file);
  const run_result r =
      keepa_deals(dir, "status --db " + quoted(file.string()) + " --now " + std::to_string(now));
  INFO("stderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  INFO(r.out);
  CHECK_THAT(r.out, Catch::Contains("as of         2026-01-02T12:00:00Z (given)\n"));
  CHECK_THAT(r.out, Catch::Contains("deals         3 stored; seen within 1 h: 1, 24 h: 1, 72 h: 2\n"));
  CHECK_THAT(r.out, Catch::Contains("spent today   52 (heavy 45, light 7)\n"));
  CHECK_THAT(r.out, Catch::Contains("refiller      1 run; last 2026-01-02T11:58:40Z to "
                                    "2026-01-02T11:59:40Z failed, 3 ASINs, 52 tokens: "
                                    "Keepa said \"no\" retrying; next 2026-01-02T12:00:40Z\n"));
  CHECK_THAT(r.out, Catch::Contains("backfiller    1 run; last 2026-01-02T08:00:00Z to "
                                    "2026-01-02T09:00:00Z stopped, 200 ASINs, 300 tokens: signal; "
                                    "next not scheduled\n"));
  CHECK_THAT(r.out, Catch::Contains("janitor       no runs; next 2026-01-02T18:00:00Z\n"));
  CHECK_THAT(r.out, Catch::Contains("cursor        12:3\n"));
}

TEST_CASE("status on a missing file or a newer schema exits non-zero naming the file") {
  temp_dir dir;
  SECTION("missing") {
    const auto missing = dir.file("gone.db");
    const run_result r = keepa_deals(dir, "status --json --now 1 --db " + quoted(missing.string()));
    CHECK(r.exit_code == 1);
    CHECK(r.out.empty());
    CHECK_THAT(r.err, Catch::Contains(missing.string()) && Catch::Contains("no such file"));
    CHECK_FALSE(std::filesystem::exists(missing));
  }
  SECTION("newer") {
    const auto file = dir.file("future.db");
    make_old_file(file, storage::latest_schema_version());
    SQLite::Database(file, SQLite::OPEN_READWRITE)
        .exec("PRAGMA user_version = " + std::to_string(storage::latest_schema_version() + 1));
    const run_result r = keepa_deals(dir, "status --now 1 --db " + quoted(file.string()));
    CHECK(r.exit_code == 1);
    CHECK(r.out.empty());
    CHECK_THAT(r.err, Catch::Contains(file.string()) && Catch::Contains("newer than this program"));
  }
}

TEST_CASE("--version prints the project version") {
  temp_dir dir;
  const run_result r = keepa_deals(dir, "--version");
  CHECK(r.exit_code == 0);
  CHECK(r.out == "keepa-deals " EXPECTED_VERSION "\n");
}
