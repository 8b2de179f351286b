// The real node (the binary) against the mock Keepa server, both started
// here on 127.0.0.1 with ports the system picks: /metrics parses strictly and
// agrees with the store and the mock's meter, /healthz answers, the status
// page lists the store's top deals by profit, also as headless Chromium
// renders it (a screenshot goes into the build directory).
#include "tests/e2e/child_process.hpp"
#include "tests/e2e/shell_command.hpp"
#include "mock/mock_server.hpp"
#include "net/http_client.hpp"
#include "prometheus_text.hpp"
#include "tests/fixtures/mock_fixtures.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>

namespace {

struct temp_dir {
  std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("kd-http-" + std::to_string(::getpid()));
  temp_dir() { std::filesystem::create_directories(path); }
  ~temp_dir() { std::filesystem::remove_all(path); }
};

net::response get(net::http_client& client, const std::string& url, const std::string& method = "GET") {
  net::request r;
  r.method = method;
  r.url = url;
  return client.send(r).get();
}

// The port from "http: serving http://127.0.0.1:PORT/ (...)".
std::uint16_t served_port(const std::string& line) {
  static const std::regex served(R"(serving http://127\.0\.0\.1:(\d+)/)");
  std::smatch m;
  REQUIRE(std::regex_search(line, m, served));
  return static_cast<std::uint16_t>(std::stoi(m[1]));
}

std::vector<std::string> asins_in_order(const std::string& html) {
  static const std::regex row(R"re(<tr class="deal" data-asin="([0-9A-Z]{10})")re");
  std::vector<std::string> out;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), row); it != std::sregex_iterator(); ++it)
    out.push_back((*it)[1]);
  return out;
}

bool have_chromium() { return std::system("command -v chromium >/dev/null 2>&1") == 0; }

struct store_facts {
  std::int64_t deals = 0;
  std::int64_t pending_notifications = 0;
  std::vector<std::string> top;  // by profit, as the page must list them
};

store_facts read_store(const std::filesystem::path& db) {
  SQLite::Database conn(db, SQLite::OPEN_READONLY);
  store_facts f;
  f.deals = conn.execAndGet("SELECT count(*) FROM deals").getInt64();
  f.pending_notifications = conn.execAndGet("SELECT count(*) FROM notifications WHERE delivered_utc IS NULL").getInt64();
  SQLite::Statement top(conn, "SELECT asin FROM deals ORDER BY profit_cents IS NULL, profit_cents DESC, asin LIMIT 25");
  while (top.executeStep())
    f.top.push_back(top.getColumn(0).getString());
  return f;
}

} // namespace

TEST_CASE("the node serves /metrics, /healthz and its status page on loopback while it runs") {
  mock::mock_server keepa{fixtures::e2e_universe()};  // pinned to mock::default_start_ms
  keepa.start();
  temp_dir dir;
  const auto db = dir.path / "deals.db";
  e2e::child_process node({KEEPA_DEALS_BINARY, "run", "--only", "refill,janitor", "--mode", "hybrid",
                                 "--keepa-url", "http://127.0.0.1:" + std::to_string(keepa.port()), "--db",
                                 db.string(), "--http-listen", "127.0.0.1:0"},
                                "any-key-the-mock-takes");
  const auto serving = node.read_until("http: serving");
  INFO(node.output());
  REQUIRE_FALSE(serving.empty());
  const std::string base = "http://127.0.0.1:" + std::to_string(served_port(serving));
  REQUIRE_FALSE(node.read_until("refiller: ok").empty());  // the first walk has committed

  net::http_client client;
  const auto facts = read_store(db);
  REQUIRE(facts.deals > 0);
  REQUIRE(facts.pending_notifications > 0);  // new deals are news

  SECTION("/metrics is strict Prometheus text that agrees with the store and the mock's meter") {
    const auto r = get(client, base + "/metrics");
    REQUIRE(r.status == 200);
    CHECK(r.content_type.rfind("text/plain; version=0.0.4", 0) == 0);
    const auto e = prom::parse(r.body);
    CHECK(e.value("keepa_deals_tokens_known") == 1);
    CHECK(e.sum("keepa_deals_live_deals") == facts.deals);
    CHECK(e.value("keepa_deals_notifications", {{"state", "pending"}}) == facts.pending_notifications);
    CHECK(e.value("keepa_deals_notifications", {{"state", "failed"}}) == 0);
    CHECK(e.sum("keepa_deals_tokens_spent_total") == keepa.stats().tokens_charged_total);
    CHECK(e.value("keepa_deals_tokens_spent_total", {{"kind", "heavy"}}) > 0);
    CHECK(e.value("keepa_deals_tokens_spent_total", {{"kind", "deal_pages"}}) > 0);
    const double committed = e.value("keepa_deals_writes_committed_total");
    CHECK(committed >= 1);
    CHECK(e.value("keepa_deals_rows_written_total") >= facts.deals);
    CHECK(e.value("keepa_deals_write_duration_seconds_count") ==
          committed + e.value("keepa_deals_writes_failed_total"));
    CHECK(e.sum("keepa_deals_fetch_errors_total") == 0);
    CHECK(e.value("keepa_deals_janitor_deleted_total") == 0);  // nothing was old enough
  }

  SECTION("/healthz says ok; other paths and methods are refused with a reason") {
    const auto health = get(client, base + "/healthz");
    CHECK(health.status == 200);
    CHECK(health.body == "ok\n");
    const auto missing = get(client, base + "/nope");
    CHECK(missing.status == 404);
    CHECK(missing.body.find("/nope") != std::string::npos);
    const auto posted = get(client, base + "/metrics", "POST");
    CHECK(posted.status == 405);
  }

  SECTION("the status page lists the store's top deals by profit, with the gauge, the jobs and the chart") {
    const auto r = get(client, base + "/");
    REQUIRE(r.status == 200);
    CHECK(r.content_type.rfind("text/html", 0) == 0);
    CHECK(asins_in_order(r.body) == facts.top);
    CHECK(r.body.find("<meter") != std::string::npos);
    CHECK(r.body.find("data-job=\"refiller\"") != std::string::npos);
    CHECK(r.body.find("id=\"live-chart\"") != std::string::npos);
  }

  SECTION("headless Chromium renders the page with the same rows and saves a screenshot") {
    if (!have_chromium()) {
      WARN("SKIPPED: chromium is not installed (bash scripts/install-deps.sh installs it)");
      return;
    }
    const auto profile = dir.path / "chromium-profile";
    const std::string flags = "--headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run "
                              "--user-data-dir=" + profile.string();
    // Chromium's own warnings come along on the same pipe; only the rows are read.
    const auto dom = e2e::run_shell("timeout 180 chromium " + flags + " --dump-dom " + base + "/").out;
    CHECK(asins_in_order(dom) == facts.top);
    CHECK(dom.find("id=\"top-deals\"") != std::string::npos);

    const auto shot = std::filesystem::path(KEEPA_BUILD_DIR) / "status-page.png";
    std::filesystem::remove(shot);
    const auto shooting = e2e::run_shell("timeout 180 chromium " + flags + " --window-size=1280,1600 --screenshot=" +
                                         shot.string() + " " + base + "/");
    INFO(shooting.out);
    REQUIRE(std::filesystem::exists(shot));
    std::ifstream png(shot, std::ios::binary);
    std::string magic(8, '\0');
    png.read(magic.data(), 8);
    CHECK(magic == "\x89PNG\r\n\x1a\n");
    CHECK(std::filesystem::file_size(shot) > 10'000);
  }

  CHECK(node.stop() == 0);
}
