// Job runs and token spend written with a batch: committed with the rest or
// not at all, spend summed per UTC day and kind, each job's log kept bounded.
// Read back over a separate connection, not through the store's own code.
#include "storage/deal_store.hpp"
#include "store_fixture.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <catch2/catch.hpp>

#include <map>
#include <utility>

using namespace storage_test;

namespace {

constexpr storage::unix_seconds day = 24 * hour;

std::int64_t count_rows(const std::filesystem::path& file, const std::string& table) {
  SQLite::Database check(file, SQLite::OPEN_READONLY);
  return check.execAndGet("SELECT count(*) FROM " + table).getInt64();
}

std::map<std::pair<std::int64_t, std::string>, std::int64_t> spend_rows(
    const std::filesystem::path& file) {
  SQLite::Database check(file, SQLite::OPEN_READONLY);
  SQLite::Statement s(check, "SELECT day_utc, kind, tokens FROM token_spend");
  std::map<std::pair<std::int64_t, std::string>, std::int64_t> rows;
  while (s.executeStep()) {
    rows[{s.getColumn(0).getInt64(), s.getColumn(1).getString()}] = s.getColumn(2).getInt64();
  }
  return rows;
}

storage::job_run run(const std::string& job, storage::unix_seconds started,
                     const std::string& outcome = "ok") {
  return {job, started, started + 30, outcome, "routed 12 ASINs", 12, 40};
}

} // namespace

TEST_CASE("utc_day_start is 00:00 UTC of the day, also at the edges") {
  CHECK(storage::utc_day_start(t0) == t0);
  CHECK(storage::utc_day_start(t0 + day - 1) == t0);
  CHECK(storage::utc_day_start(t0 + day) == t0 + day);
  CHECK(storage::utc_day_start(t0 - 1) == t0 - day);
  CHECK(storage::utc_day_start(-1) == -day);
}

TEST_CASE("a batch with runs and spend commits them with its deals and state") {
  temp_dir dir;
  const auto file = dir.file("deals.db");
  storage::deal_store store(file);
  storage::write_batch batch;
  batch.inserts.push_back(sample_deal("0000000001", t0));
  batch.state.push_back({"refiller.watermark", "7654321", t0});
  storage::job_run refill = run("refiller", t0 - 60);
  refill.detail = "3 pages, \"quoted\" detail";
  batch.runs.push_back(refill);
  batch.spend.push_back({t0 - 50, "deal_pages", 15});
  batch.spend.push_back({t0 - 40, "heavy", 25});
  store.write(batch);

  CHECK(store.deal_count() == 1);
  CHECK(store.state("refiller.watermark") == "7654321");
  SQLite::Database check(file, SQLite::OPEN_READONLY);
  SQLite::Statement s(check, "SELECT job, started_utc, ended_utc, outcome, detail, asins, tokens "
                             "FROM job_runs");
  REQUIRE(s.executeStep());
  CHECK(s.getColumn(0).getString() == "refiller");
  CHECK(s.getColumn(1).getInt64() == t0 - 60);
  CHECK(s.getColumn(2).getInt64() == t0 - 30);
  CHECK(s.getColumn(3).getString() == "ok");
  CHECK(s.getColumn(4).getString() == "3 pages, \"quoted\" detail");
  CHECK(s.getColumn(5).getInt64() == 12);
  CHECK(s.getColumn(6).getInt64() == 40);
  CHECK_FALSE(s.executeStep());
  // Both spends fall on the day before t0 (t0 is midnight).
  const auto spend = spend_rows(file);
  CHECK(spend.size() == 2);
  CHECK(spend.at({t0 - day, "deal_pages"}) == 15);
  CHECK(spend.at({t0 - day, "heavy"}) == 25);
}

TEST_CASE("a batch that fails writes none of its runs or spend") {
  temp_dir dir;
  const auto file = dir.file("deals.db");
  storage::deal_store store(file);

  SECTION("a bad deal fails the runs and spend with it") {
    storage::write_batch batch;
    batch.runs.push_back(run("refiller", t0));
    batch.spend.push_back({t0, "heavy", 25});
    storage::deal_row broken = sample_deal("BROKEN0001", t0);
    broken.peak_month = 13;  // violates the schema's CHECK
    batch.inserts.push_back(broken);
    CHECK_THROWS_WITH(store.write(batch), Catch::Contains("BROKEN0001") &&
                                              Catch::Contains("1 job runs, 1 token spends") &&
                                              Catch::Contains("nothing was written"));
  }
  SECTION("a bad spend, the last write, fails the run and deal before it") {
    storage::write_batch batch;
    batch.inserts.push_back(sample_deal("0000000001", t0));
    batch.runs.push_back(run("refiller", t0));
    batch.spend.push_back({t0, "heavy", 25});
    batch.spend.push_back({t0, "", 5});
    CHECK_THROWS_WITH(store.write(batch), Catch::Contains("kind is empty") &&
                                              Catch::Contains("nothing was written"));
  }
  SECTION("a run with an unknown outcome fails the batch, naming the job") {
    storage::write_batch batch;
    batch.inserts.push_back(sample_deal("0000000001", t0));
    batch.runs.push_back(run("backfiller", t0, "done"));
    CHECK_THROWS_WITH(store.write(batch), Catch::Contains("'done'") &&
                                              Catch::Contains("backfiller") &&
                                              Catch::Contains("nothing was written"));
  }
  SECTION("a run that ends before it starts fails the batch") {
    storage::write_batch batch;
    storage::job_run backwards = run("janitor", t0);
    backwards.ended_utc = t0 - 1;
    batch.runs.push_back(backwards);
    CHECK_THROWS_WITH(store.write(batch), Catch::Contains("before started_utc"));
  }
  CHECK(store.deal_count() == 0);
  CHECK(count_rows(file, "job_runs") == 0);
  CHECK(count_rows(file, "token_spend") == 0);
}

TEST_CASE("spend adds up per UTC day and kind across batches") {
  temp_dir dir;
  const auto file = dir.file("deals.db");
  storage::deal_store store(file);
  storage::write_batch first;
  first.spend = {{t0 + hour, "light", 10}, {t0 + 2 * hour, "light", 5}, {t0 + hour, "heavy", 30}};
  store.write(first);
  storage::write_batch second;
  second.spend = {{t0 + day - 1, "light", 1},      // the last second of the day
                  {t0 + day, "light", 100},        // the next day
                  {t0 + 3 * hour, "heavy", 0}};    // nothing spent, nothing changes
  store.write(second);

  const auto spend = spend_rows(file);
  CHECK(spend.size() == 3);
  CHECK(spend.at({t0, "light"}) == 16);
  CHECK(spend.at({t0, "heavy"}) == 30);
  CHECK(spend.at({t0 + day, "light"}) == 100);
}

TEST_CASE("each job keeps only its newest runs") {
  temp_dir dir;
  const auto file = dir.file("deals.db");
  storage::store_options options;
  options.job_runs_kept = 3;
  storage::deal_store store(file, options);

  storage::write_batch batch;
  for (int i = 0; i < 5; ++i) batch.runs.push_back(run("refiller", t0 + i * 60));
  batch.runs.push_back(run("janitor", t0));
  // Written after the newest, but started earliest: the oldest, so pruned.
  batch.runs.push_back(run("refiller", t0 - 600));
  store.write(batch);

  SQLite::Database check(file, SQLite::OPEN_READONLY);
  SQLite::Statement s(check, "SELECT started_utc FROM job_runs WHERE job = 'refiller' "
                             "ORDER BY started_utc");
  std::vector<std::int64_t> kept;
  while (s.executeStep()) kept.push_back(s.getColumn(0).getInt64());
  CHECK(kept == std::vector<std::int64_t>{t0 + 120, t0 + 180, t0 + 240});
  // Another job's runs are its own count.
  CHECK(check.execAndGet("SELECT count(*) FROM job_runs WHERE job = 'janitor'").getInt() == 1);
}

TEST_CASE("by default a job keeps its newest 1000 runs") {
  temp_dir dir;
  const auto file = dir.file("deals.db");
  storage::deal_store store(file);
  storage::write_batch batch;
  for (int i = 0; i < 1003; ++i) batch.runs.push_back(run("refiller", t0 + i * 60));
  store.write(batch);
  SQLite::Database check(file, SQLite::OPEN_READONLY);
  CHECK(check.execAndGet("SELECT count(*) FROM job_runs").getInt() == 1000);
  CHECK(check.execAndGet("SELECT min(started_utc) FROM job_runs").getInt64() == t0 + 3 * 60);
}
