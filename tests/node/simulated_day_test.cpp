// The whole node against the in-process mock on one simulated clock: a day of
// refills, backfills and janitor runs in seconds, every token on the mock's
// meter, and the rules a seller relies on checked against what was stored.
#include "sim/simulated_node.hpp"
#include "tests/e2e/shell_command.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <map>
#include <unistd.h>

using namespace std::chrono_literals;

namespace {

struct temp_dir {
  std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("kd-node-" + std::to_string(::getpid()) + "-" + std::to_string(rand()));
  temp_dir() { std::filesystem::create_directories(path); }
  ~temp_dir() { std::filesystem::remove_all(path); }
};

sim::sim_options day_options(const std::filesystem::path& db) {
  sim::sim_options o;
  o.mock.universe_products = 600;
  o.mock.seed = 11;
  o.mock.token_rate = 20;
  o.mock.initial_tokens = 1200;
  o.node.pipeline.db_file = db;
  o.node.pipeline.bucket.refill_per_minute = 20;
  // Short, so a day sees deletions; longer than the feed's 12-hour window,
  // below which the janitor holds back for deals the feed may still list.
  o.node.janitor.retention_hours = 13;
  o.node.schedule.janitor_every = 2h;
  o.node.backfill.max_deals = 200;
  return o;
}

std::string status_json(const std::filesystem::path& db) {
  const auto r = e2e::run_shell(std::string(KEEPA_DEALS_BINARY) + " status --json --db " + db.string());
  REQUIRE(r.exit_code == 0);
  return r.out;
}

std::map<std::string, std::map<std::string, int>> outcomes_by_job(const std::vector<kd::job_report>& reports) {
  std::map<std::string, std::map<std::string, int>> out;
  for (const auto& r : reports)
    ++out[r.job][r.outcome];
  return out;
}

int ticks_of(const std::map<std::string, int>& outcomes) {
  int n = 0;
  for (const auto& [outcome, count] : outcomes)
    n += count;
  return n;
}

} // namespace

TEST_CASE("a simulated day: every job on its schedule, no 429, deletions only after the retention") {
  temp_dir dir;
  const auto db = dir.path / "deals.db";
  const auto options = day_options(db);
  std::int64_t end_unix = 0;
  std::map<std::string, std::map<std::string, int>> jobs;
  {
    sim::simulated_node node{options};
    const auto start_ms = node.now_unix_ms();
    node.run_for(24h);
    end_unix = node.now_unix_ms() / 1000;
    CHECK(end_unix - start_ms / 1000 == 24 * 3600);

    jobs = outcomes_by_job(node.reports());
    // Ticks at 0 and every interval through the day's last minute, inclusive.
    CHECK(ticks_of(jobs.at("refiller")) == 24 * 60 + 1);
    CHECK(ticks_of(jobs.at("backfiller")) == 24 * 2 + 1);
    CHECK(ticks_of(jobs.at("janitor")) == 24 / 2 + 1);
    for (const auto& [job, outcomes] : jobs) {
      INFO(job);
      CHECK(outcomes.count("failed") == 0);
      CHECK(outcomes.count("ok") == 1);
    }

    const auto stats = node.mock_stats();
    CHECK(stats.responses_by_status.count(429) == 0);
    CHECK(stats.tokens_charged.at("deal") > 0);
    CHECK(stats.tokens_charged.at("product") > 0);

    std::int64_t deleted = 0;
    for (const auto& r : node.reports())
      if (r.job == "janitor")
        deleted += r.asins;
    CHECK(deleted > 0);
  }
  SQLite::Database store(db.string(), SQLite::OPEN_READONLY);
  CHECK(store.execAndGet("SELECT count(*) FROM deals").getInt64() > 0);
  // The janitor's last run was at most two hours ago: nothing unseen for
  // longer than the retention plus that is left.
  const auto oldest_allowed = end_unix - 13 * 3600 - 2 * 3600;
  SQLite::Statement stale(store, "SELECT count(*) FROM deals WHERE last_seen_utc < ?");
  stale.bind(1, oldest_allowed);
  REQUIRE(stale.executeStep());
  CHECK(stale.getColumn(0).getInt64() == 0);

  // status reads what the node recorded: every run that was not skipped.
  const auto status = status_json(db);
  INFO(status);
  for (const char* job : {"refiller", "backfiller", "janitor"}) {
    INFO(job);
    const int ran = ticks_of(jobs.at(job)) - (jobs.at(job).count("skipped") ? jobs.at(job).at("skipped") : 0);
    const int recorded = std::min(ran, 1000);  // the store keeps a job's newest 1000 runs
    CHECK(status.find("\"" + std::string(job) + "\":{\"runs\":" + std::to_string(recorded) + ",") != std::string::npos);
  }
  CHECK(status.find("\"as_of_utc\":" + std::to_string(end_unix)) != std::string::npos);
}
