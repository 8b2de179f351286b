// The three ingest modes against the real mock over loopback, each token on
// the mock's own meter: what a walk of the feed costs when its deals are new,
// when nothing changed, and when the same deals are listed again.
#include "mock/mock_server.hpp"
#include "shell_command.hpp"
#include "storage/deal_store.hpp"
#include "tests/fixtures/mock_fixtures.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <catch2/catch.hpp>

#include <cctype>
#include <filesystem>
#include <map>
#include <string>

namespace {

struct temp_dir {
  std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("kd-modes-" + std::to_string(::getpid()) + "-" + std::to_string(rand()));
  temp_dir() { std::filesystem::create_directories(path); }
  ~temp_dir() { std::filesystem::remove_all(path); }
};

// One node run: the refiller's walk (and other jobs if asked), once.
struct walker {
  mock::mock_server& server;
  std::filesystem::path db;
  std::string mode;

  e2e::process_result walk(const std::string& jobs = "refill", const std::string& extra = "") const {
    auto r = e2e::run_shell(std::string(KEEPA_DEALS_BINARY) + " run --once --only " + jobs + " --mode " + mode +
                            " --keepa-url http://127.0.0.1:" + std::to_string(server.port()) + " --db " + db.string() +
                            " " + extra);
    INFO(r.out);
    REQUIRE(r.exit_code == 0);
    return r;
  }
  std::int64_t product_tokens() const { return server.stats().tokens_charged["product"]; }
  std::int64_t deal_tokens() const { return server.stats().tokens_charged["deal"]; }
  // The next walk starts from the top of the feed again, as after a lost watermark.
  void forget_watermark() const {
    storage::deal_store store{db};
    store.set_state({"refiller.watermark", "0", 1});
  }
};

// The integer just before `phrase` in the refiller's last summary line.
std::int64_t number_before(const std::string& out, const std::string& phrase) {
  const auto at = out.rfind(phrase);
  REQUIRE(at != std::string::npos);
  auto start = at;
  while (start > 0 && std::isdigit(static_cast<unsigned char>(out[start - 1])))
    --start;
  REQUIRE(start < at);
  return std::stoll(out.substr(start, at - start));
}

std::int64_t count(const std::filesystem::path& db, const std::string& sql) {
  SQLite::Database store(db.string(), SQLite::OPEN_READONLY);
  return store.execAndGet(sql).getInt64();
}

struct kept_row {
  std::optional<std::int64_t> list_at, one_year_avg, last_light_fetch;
  std::string seasonality;
  std::optional<double> confidence;
  std::int64_t last_seen = 0;
};

std::map<std::string, kept_row> kept_rows(const std::filesystem::path& db) {
  storage::deal_store store{db};
  SQLite::Database read(db.string(), SQLite::OPEN_READONLY);
  SQLite::Statement asins(read, "SELECT asin FROM deals");
  std::map<std::string, kept_row> out;
  while (asins.executeStep()) {
    const auto d = store.find(asins.getColumn(0).getString());
    REQUIRE(d);
    out[d->row.asin] = {d->row.list_at_cents,  d->row.one_year_avg_cents, d->row.last_light_fetch_utc,
                        d->row.seasonality,    d->row.profit_confidence_pct, d->row.last_seen_utc};
  }
  return out;
}

} // namespace

TEST_CASE("optimal: new deals cost 1-2 tokens plus offers for the profitable; a walk with nothing new one page") {
  mock::mock_server server{fixtures::modes_universe()};
  server.start();
  temp_dir dir;
  const walker w{server, dir.path / "deals.db", "optimal"};

  const auto first = w.walk();
  const auto analysed = number_before(first.out, " new analysed");
  const auto with_offers = number_before(first.out, " with offers,");
  const auto spent = w.product_tokens();
  INFO(first.out);
  REQUIRE(analysed > 0);
  REQUIRE(with_offers > 0);
  // Each new ASIN: 1 token for history and stats, 1 more if its rating moved;
  // offers (20 of them: at most 2 pages of 6 tokens) only for the profitable.
  CHECK(spent >= analysed + 5 * with_offers);
  CHECK(spent <= 2 * analysed + 12 * with_offers);
  CHECK(with_offers <= count(w.db, "SELECT count(*) FROM deals WHERE price_source IN ('offer', 'stats')"));
  CHECK(count(w.db, "SELECT count(*) FROM deals WHERE price_source = 'offer'") > 0);

  const auto pages_before = w.deal_tokens();
  w.walk();
  CHECK(w.deal_tokens() - pages_before == 5);  // exactly one page: the first entry is at the watermark
  CHECK(w.product_tokens() == spent);
  server.stop();
}

TEST_CASE("optimal: known deals and remembered rejects listed again cost no token; hybrid pays one a known deal") {
  mock::mock_server server{fixtures::modes_universe()};
  server.start();
  temp_dir dir;

  SECTION("optimal") {
    const walker w{server, dir.path / "deals.db", "optimal"};
    w.walk();
    const auto deals = count(w.db, "SELECT count(*) FROM deals");
    const auto rejects = count(w.db, "SELECT count(*) FROM rejects");
    REQUIRE(deals > 0);
    REQUIRE(rejects > 0);  // modes_universe's short histories leave some books without a sale
    const auto before = kept_rows(w.db);
    const auto spent = w.product_tokens();

    w.forget_watermark();
    const auto again = w.walk();
    INFO(again.out);
    CHECK(w.product_tokens() == spent);
    CHECK(number_before(again.out, " refreshed from the feed") == deals);
    CHECK(number_before(again.out, " rejects cooling") == rejects);
    CHECK(number_before(again.out, " topped up") == 0);  // their data is minutes old, not a day
    const auto after = kept_rows(w.db);
    for (const auto& [asin, old] : before) {
      INFO(asin);
      REQUIRE(after.contains(asin));
      const auto& now = after.at(asin);
      CHECK(now.list_at == old.list_at);
      CHECK(now.one_year_avg == old.one_year_avg);
      CHECK(now.seasonality == old.seasonality);
      CHECK(now.confidence == old.confidence);
      CHECK(now.last_light_fetch == old.last_light_fetch);
    }
    CHECK(count(w.db, "SELECT count(*) FROM deals WHERE price_source = 'feed'") == deals);
  }
  SECTION("hybrid") {
    const walker w{server, dir.path / "deals.db", "hybrid"};
    w.walk();
    const auto deals = count(w.db, "SELECT count(*) FROM deals");
    REQUIRE(deals > 0);
    CHECK(count(w.db, "SELECT count(*) FROM rejects") == 0);  // hybrid remembers no reject
    const auto spent = w.product_tokens();
    w.forget_watermark();
    const auto again = w.walk();
    INFO(again.out);
    CHECK(number_before(again.out, " refreshed light for ") == deals);
    // One light token a known deal, and the rejects bought heavy again.
    CHECK(w.product_tokens() - spent > deals);
  }
  SECTION("heavy-only") {
    const walker w{server, dir.path / "deals.db", "heavy-only"};
    w.walk();
    const auto spent = w.product_tokens();
    w.forget_watermark();
    const auto again = w.walk();
    INFO(again.out);
    const auto analysed = number_before(again.out, " new analysed");
    CHECK(analysed >= count(w.db, "SELECT count(*) FROM deals"));
    CHECK(w.product_tokens() - spent >= 5 * analysed);  // offers with every fetch: at least 5 each
  }
  server.stop();
}

TEST_CASE("optimal: half a day on, refreshes from the feed move last_seen and keep the analysed fields; the "
          "janitor deletes what left the feed once unseen for the retention") {
  mock::mock_server server{fixtures::modes_universe()};
  server.start();
  temp_dir dir;
  const walker w{server, dir.path / "deals.db", "optimal"};
  w.walk();
  const auto before = kept_rows(w.db);
  REQUIRE_FALSE(before.empty());
  const auto first_seen = before.begin()->second.last_seen;

  server.advance(std::chrono::hours(13));
  const auto later = w.walk();
  INFO(later.out);
  const auto refreshed = number_before(later.out, " refreshed from the feed");
  CHECK(refreshed > 0);
  // The deals of 13 hours ago that the feed no longer lists are past a
  // 1-hour retention and past the 12 hours the feed keeps a deal.
  const auto janitor = w.walk("janitor", "--retention-hours 1");
  INFO(janitor.out);
  const auto after = kept_rows(w.db);
  std::size_t kept = 0;
  for (const auto& [asin, old] : before) {
    INFO(asin);
    if (!after.contains(asin))
      continue;  // left the feed and unseen for longer than the retention: deleted
    ++kept;
    const auto& now = after.at(asin);
    CHECK(now.last_seen >= first_seen + 13 * 3600);  // the janitor spared only deals seen again
    CHECK(now.list_at == old.list_at);
    CHECK(now.one_year_avg == old.one_year_avg);
    CHECK(now.seasonality == old.seasonality);
    CHECK(now.confidence == old.confidence);
  }
  CHECK(kept == static_cast<std::size_t>(refreshed));
  CHECK(kept < before.size());  // some left the feed in 13 hours
  server.stop();
}
