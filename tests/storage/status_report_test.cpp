// read_status on real files written by the store (and by hand for old
// schemas): ages against a pinned now, sources, today against all days, the
// jobs, and that reading leaves the file exactly as it was.
#include "storage/status_report.hpp"

#include "storage/deal_store.hpp"
#include "storage/schema.hpp"
#include "store_fixture.hpp"

#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>

using namespace storage_test;

namespace {

constexpr storage::unix_seconds day = 24 * hour;
// Noon on the second day: "today" is t0 + day.
constexpr storage::unix_seconds now = t0 + day + 12 * hour;

std::string bytes_of(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

int user_version(const std::filesystem::path& file) {
  SQLite::Database check(file, SQLite::OPEN_READONLY);
  return check.execAndGet("PRAGMA user_version").getInt();
}

storage::deal_row deal_seen(const std::string& asin, storage::unix_seconds seen,
                            const char* source) {
  storage::deal_row d = sample_deal(asin, seen);
  d.source = source;
  return d;
}

} // namespace

TEST_CASE("deals are counted by age relative to the given now, and by source") {
  temp_dir dir;
  const auto file = dir.file("deals.db");
  {
    storage::deal_store store(file);
    store.insert(deal_seen("A000000001", now - 10, storage::source_upserter));
    store.insert(deal_seen("A000000002", now - hour + 1, storage::source_upserter));
    store.insert(deal_seen("A000000003", now - hour, storage::source_backfiller));  // 1 h exactly
    store.insert(deal_seen("A000000004", now - 23 * hour, storage::source_backfiller));
    store.insert(deal_seen("A000000005", now - 71 * hour, storage::source_backfiller_light));
    store.insert(deal_seen("A000000006", now - 80 * hour, storage::source_backfiller));
  }

  const storage::status_report r = storage::read_status(file, now);
  CHECK(r.db == file);
  CHECK(r.schema_version == storage::latest_schema_version());
  CHECK(r.as_of_utc == now);
  CHECK(r.clock == storage::status_clock::given);
  CHECK(r.deals_total == 6);
  CHECK(r.seen_within_1h == 2);
  CHECK(r.seen_within_24h == 4);
  CHECK(r.seen_within_72h == 5);
  CHECK(r.deals_by_source ==
        std::map<std::string, std::int64_t>{{"upserter", 2}, {"backfiller", 3}, {"backfiller_light", 1}});

  // The same file half a day later: everything has aged.
  const storage::status_report later = storage::read_status(file, now + 12 * hour);
  CHECK(later.seen_within_1h == 0);
  CHECK(later.seen_within_24h == 3);
  CHECK(later.seen_within_72h == 4);
}

TEST_CASE("without a given now, the node's recorded clock is used") {
  temp_dir dir;
  const auto file = dir.file("deals.db");
  {
    storage::deal_store store(file);
    store.insert(deal_seen("A000000001", now - 2 * hour, storage::source_upserter));
    store.set_state({"node.clock_utc", std::to_string(now), now});
  }
  const storage::status_report r = storage::read_status(file, std::nullopt);
  CHECK(r.clock == storage::status_clock::node_clock);
  CHECK(r.as_of_utc == now);
  CHECK(r.seen_within_1h == 0);
  CHECK(r.seen_within_24h == 1);
}

TEST_CASE("token spend today is the UTC day of now; the total is every day") {
  temp_dir dir;
  const auto file = dir.file("deals.db");
  {
    storage::deal_store store(file);
    storage::write_batch batch;
    batch.spend = {{t0 + hour, "heavy", 300},         // yesterday
                   {t0 + day - 1, "light", 4},        // yesterday's last second
                   {t0 + day, "light", 6},            // today's first second
                   {t0 + day + 11 * hour, "heavy", 50},
                   {t0 + day + 11 * hour, "deal_pages", 5}};
    batch.state = {{"bucket.tokens_left", "-12", now - 30},
                   {"bucket.refill_rate", "20", now - 30},
                   {"bucket.refill_in_ms", "41250", now - 30}};
    store.write(batch);
  }

  const storage::status_report r = storage::read_status(file, now);
  CHECK(r.token_balance == -12);
  CHECK(r.refill_rate == 20);
  CHECK(r.refill_in_ms == 41250);
  CHECK(r.tokens_seen_utc == now - 30);
  CHECK(r.spent_today ==
        std::map<std::string, std::int64_t>{{"light", 6}, {"heavy", 50}, {"deal_pages", 5}});
  CHECK(r.spent_today_total == 61);
  CHECK(r.spent_total ==
        std::map<std::string, std::int64_t>{{"light", 10}, {"heavy", 350}, {"deal_pages", 5}});
  CHECK(r.spent_all_total == 365);

  // On the first day, today is that day's spend only.
  const storage::status_report first_day = storage::read_status(file, t0 + 2 * hour);
  CHECK(first_day.spent_today == std::map<std::string, std::int64_t>{{"heavy", 300}, {"light", 4}});
  CHECK(first_day.spent_today_total == 304);
  CHECK(first_day.spent_all_total == 365);
}

TEST_CASE("each job reports its last run, its count of runs and its next run") {
  temp_dir dir;
  const auto file = dir.file("deals.db");
  {
    storage::deal_store store(file);
    storage::write_batch batch;
    batch.runs = {{"refiller", now - 120, now - 100, "ok", "2 pages", 40, 80},
                  {"refiller", now - 60, now - 55, "failed", "HTTP 429 from Keepa", 0, 5},
                  {"janitor", now - 3 * hour, now - 3 * hour + 2, "ok", "", 17, 0}};
    batch.state = {{"refiller.next_run_utc", std::to_string(now + 60), now - 55},
                   {"janitor.next_run_utc", std::to_string(now + 21 * hour), now - 3 * hour},
                   {"refiller.watermark", "7777777", now - 100},
                   {"backfiller.cursor", "12:3", now - 200}};
    store.write(batch);
  }

  const storage::status_report r = storage::read_status(file, now);
  const storage::job_status& refiller = r.jobs[0];
  CHECK(refiller.job == "refiller");
  CHECK(refiller.runs == 2);
  REQUIRE(refiller.last_run);
  CHECK(refiller.last_run->job == "refiller");
  CHECK(refiller.last_run->started_utc == now - 60);
  CHECK(refiller.last_run->ended_utc == now - 55);
  CHECK(refiller.last_run->outcome == "failed");
  CHECK(refiller.last_run->detail == "HTTP 429 from Keepa");
  CHECK(refiller.last_run->asins == 0);
  CHECK(refiller.last_run->tokens == 5);
  CHECK(refiller.next_run_utc == now + 60);

  const storage::job_status& backfiller = r.jobs[1];
  CHECK(backfiller.job == "backfiller");
  CHECK(backfiller.runs == 0);
  CHECK_FALSE(backfiller.last_run);
  CHECK_FALSE(backfiller.next_run_utc);

  const storage::job_status& janitor = r.jobs[2];
  CHECK(janitor.job == "janitor");
  CHECK(janitor.runs == 1);
  REQUIRE(janitor.last_run);
  CHECK(janitor.last_run->asins == 17);
  CHECK(janitor.next_run_utc == now + 21 * hour);

  CHECK(r.refiller_watermark == "7777777");
  CHECK(r.backfiller_cursor == "12:3");
}

TEST_CASE("a version 2 file is reported as it is and left unchanged") {
  temp_dir dir;
  const auto file = dir.file("deals.db");
  make_old_file(file, 2);
  {
    SQLite::Database old(file, SQLite::OPEN_READWRITE);
    old.exec("INSERT INTO deals (asin, first_seen_utc, last_seen_utc, source) VALUES "
             "('A000000001', 1, " + std::to_string(now - 10) + ", 'upserter'), "
             "('A000000002', 1, " + std::to_string(now - 30 * hour) + ", 'backfiller')");
    old.exec("INSERT INTO system_state VALUES ('backfiller.cursor', '3:1', 1), "
             "('bucket.tokens_left', '250', " + std::to_string(now - 5) + ")");
  }
  const std::string before = bytes_of(file);
  REQUIRE(user_version(file) == 2);

  const storage::status_report r = storage::read_status(file, now);
  CHECK(r.schema_version == 2);
  CHECK(r.deals_total == 2);
  CHECK(r.seen_within_1h == 1);
  CHECK(r.seen_within_72h == 2);
  CHECK(r.deals_by_source.at("backfiller") == 1);
  CHECK(r.token_balance == 250);
  CHECK(r.tokens_seen_utc == now - 5);
  CHECK_FALSE(r.refill_rate);
  CHECK(r.spent_total.empty());
  CHECK(r.spent_all_total == 0);
  for (const storage::job_status& j : r.jobs) {
    CHECK(j.runs == 0);
    CHECK_FALSE(j.last_run);
  }
  CHECK(r.backfiller_cursor == "3:1");
  CHECK_FALSE(r.refiller_watermark);

  CHECK(user_version(file) == 2);
  CHECK(bytes_of(file) == before);
  CHECK_FALSE(std::filesystem::exists(file.string() + "-wal"));
}

TEST_CASE("a version 1 file without the outbox still reports its deals") {
  temp_dir dir;
  const auto file = dir.file("deals.db");
  make_old_file(file, 1);
  {
    SQLite::Database old(file, SQLite::OPEN_READWRITE);
    old.exec("INSERT INTO deals (asin, first_seen_utc, last_seen_utc) VALUES ('A000000001', 1, " +
             std::to_string(now - 10) + ")");
  }
  const storage::status_report r = storage::read_status(file, now);
  CHECK(r.schema_version == 1);
  CHECK(r.deals_total == 1);
  CHECK(r.deals_by_source.at("") == 1);
}

TEST_CASE("a file the node wrote in WAL mode is read without changing it") {
  temp_dir dir;
  const auto file = dir.file("deals.db");
  {
    storage::deal_store store(file);
    store.insert(deal_seen("A000000001", now - 10, storage::source_upserter));
  }
  const std::string before = bytes_of(file);
  CHECK(storage::read_status(file, now).deals_total == 1);
  CHECK(bytes_of(file) == before);
  SQLite::Database check(file, SQLite::OPEN_READONLY);
  CHECK(check.execAndGet("PRAGMA journal_mode").getString() == "wal");
}

TEST_CASE("read_status names the file and the problem when it cannot report") {
  temp_dir dir;

  SECTION("a missing file") {
    const auto missing = dir.file("nowhere.db");
    CHECK_THROWS_WITH(storage::read_status(missing, now),
                      Catch::Contains(missing.string()) && Catch::Contains("no such file"));
    CHECK_FALSE(std::filesystem::exists(missing));  // and not created by the attempt
  }
  SECTION("a file from a newer program") {
    const auto file = dir.file("deals.db");
    make_old_file(file, storage::latest_schema_version());
    {
      SQLite::Database newer(file, SQLite::OPEN_READWRITE);
      newer.exec("PRAGMA user_version = " + std::to_string(storage::latest_schema_version() + 1));
    }
    CHECK_THROWS_WITH(storage::read_status(file, now),
                      Catch::Contains(file.string()) &&
                          Catch::Contains("newer than this program knows"));
  }
  SECTION("an empty file, never opened by keepa-deals") {
    const auto file = dir.file("deals.db");
    std::ofstream{file};
    CHECK_THROWS_WITH(storage::read_status(file, now),
                      Catch::Contains(file.string()) && Catch::Contains("not a keepa-deals store"));
    CHECK(std::filesystem::file_size(file) == 0);
  }
  SECTION("a file that is not a database") {
    const auto file = dir.file("deals.db");
    {
      std::ofstream out(file);
      for (int i = 0; i < 200; ++i) out << "not a database, just text\n";
    }
    CHECK_THROWS_WITH(storage::read_status(file, now),
                      Catch::Contains(file.string()) && Catch::Contains("cannot read"));
  }
  SECTION("a state value that is not a number") {
    const auto file = dir.file("deals.db");
    {
      storage::deal_store store(file);
      store.set_state({"bucket.tokens_left", "12 tokens", now});
    }
    CHECK_THROWS_WITH(storage::read_status(file, now),
                      Catch::Contains("bucket.tokens_left") && Catch::Contains("'12 tokens'"));
  }
}
