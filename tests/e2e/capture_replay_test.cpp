// `run --capture` against the real mock over loopback, then `replay`: the
// capture holds no trace of the key, its files are owner-only, and two
// replays give the same deals table, byte for byte, as the run they recorded.
#include "mock/mock_server.hpp"
#include "net/url.hpp"
#include "shell_command.hpp"
#include "tests/fixtures/mock_fixtures.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include "tests/fixtures/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace {
namespace fs = std::filesystem;
using namespace std::chrono_literals;

// Characters that url_encode changes, so the raw and the encoded form differ.
const std::string secret = "Kd+sec/ret=42&x~Q";

std::string read_all(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Every row and column of the deals table, in ASIN order, as text; without
// the row id when `with_id` is false (a live node's threads insert in any order).
std::string deals_dump(const fs::path& db, bool with_id = true) {
  SQLite::Database read(db.string(), SQLite::OPEN_READONLY);
  SQLite::Statement s(read, "SELECT * FROM deals ORDER BY asin");
  std::string out;
  while (s.executeStep()) {
    for (int i = with_id ? 0 : 1; i < s.getColumnCount(); ++i)
      out += (s.getColumn(i).isNull() ? std::string("NULL") : s.getColumn(i).getString()) + "|";
    out += "\n";
  }
  return out;
}

unsigned mode_bits(const fs::path& p) {
  struct stat st {};
  REQUIRE(::stat(p.c_str(), &st) == 0);
  return st.st_mode & 0777;
}

} // namespace

TEST_CASE("a captured run replays offline to the same deals table, and the capture holds no key") {
  auto options = fixtures::modes_universe();
  options.api_key = secret;  // the mock takes no other key
  mock::mock_server server{options};
  server.start();
  fixtures::temp_dir dir{"kd-capture"};
  const auto capture = dir.path / "capture";
  const auto live = dir.path / "live.db";
  // Top-ups are best-effort and a --once run does not wait for them; with
  // none due, the run ends with every request it made answered.
  const auto config = dir.path / "node.toml";
  std::ofstream(config) << "[ingest]\nlight_max_age_hours = 48\n";
  const std::string run = "KEEPA_API_KEY='" + secret + "' " + KEEPA_DEALS_BINARY + " run --once --only refill -c " +
                          config.string() + " --keepa-url http://127.0.0.1:" + std::to_string(server.port()) +
                          " --db " + live.string() + " --capture " + capture.string();
  const auto first = e2e::run_shell(run);
  INFO(first.out);
  REQUIRE(first.exit_code == 0);
  server.advance(6h);  // the feed moves on: known deals come back, new ones arrive
  const auto second = e2e::run_shell(run);
  INFO(second.out);
  REQUIRE(second.exit_code == 0);
  REQUIRE(second.out.find(" refreshed from the feed") != std::string::npos);

  SECTION("the key is nowhere in it, raw or URL-encoded, and every file is owner-only") {
    const std::string encoded = net::url_encode(secret);
    REQUIRE(encoded != secret);
    std::size_t files = 0;
    for (const auto& entry : fs::recursive_directory_iterator(capture)) {
      if (entry.is_directory()) {
        CHECK(mode_bits(entry.path()) == 0700);
        continue;
      }
      ++files;
      CHECK(mode_bits(entry.path()) == 0600);
      const std::string bytes = read_all(entry.path());
      CHECK(bytes.find(secret) == std::string::npos);
      CHECK(bytes.find(encoded) == std::string::npos);
    }
    CHECK(files > 4);
    CHECK(fs::exists(capture / "session-0001" / "session.json"));
    CHECK(fs::exists(capture / "session-0002" / "segment-0001" / "exchanges.jsonl"));
  }

  SECTION("two replays give byte-identical deals tables, with the recorded run's rows") {
    const auto a = dir.path / "a.db", b = dir.path / "b.db";
    const auto bin = std::string(KEEPA_DEALS_BINARY);
    const auto ra = e2e::run_shell(bin + " replay --strict " + capture.string() + " --db " + a.string());
    INFO(ra.out);
    REQUIRE(ra.exit_code == 0);
    CHECK(ra.out.find("0 unanswered") != std::string::npos);
    CHECK(ra.out.find(" refreshed from the feed") != std::string::npos);
    const auto rb = e2e::run_shell(bin + " run --replay " + capture.string() + " --db " + b.string());
    INFO(rb.out);
    REQUIRE(rb.exit_code == 0);
    const auto dump = deals_dump(a);
    CHECK(!dump.empty());
    CHECK(dump == deals_dump(b));
    CHECK(deals_dump(a, false) == deals_dump(live, false));
  }

  SECTION("a request the capture does not hold is reported and counted, not made up") {
    // The second session without its product answers: its new deals cannot be fetched.
    for (const auto& entry : fs::directory_iterator(capture / "session-0002" / "segment-0001"))
      if (entry.path().extension() == ".jsonl") {
        std::istringstream lines(read_all(entry.path()));
        std::string kept, line;
        while (std::getline(lines, line))
          if (line.find("\"path\":\"/product\"") == std::string::npos)
            kept += line + "\n";
        std::ofstream(entry.path(), std::ios::trunc) << kept;
      }
    const auto db = dir.path / "partial.db";
    const auto bin = std::string(KEEPA_DEALS_BINARY);
    const auto lenient = e2e::run_shell(bin + " replay " + capture.string() + " --db " + db.string());
    INFO(lenient.out);
    CHECK(lenient.out.find("unanswered: GET /product?") != std::string::npos);
    CHECK(lenient.out.find("none was made up") != std::string::npos);
    const auto strict = e2e::run_shell(bin + " replay --strict " + capture.string() + " --db " + dir.path.string() +
                                       "/strict.db");
    CHECK(strict.exit_code == 1);
    // Session 1's deals are all there; session 2's new ones are not.
    SQLite::Database read(db.string(), SQLite::OPEN_READONLY);
    SQLite::Database recorded(live.string(), SQLite::OPEN_READONLY);
    CHECK(read.execAndGet("SELECT count(*) FROM deals").getInt64() <
          recorded.execAndGet("SELECT count(*) FROM deals").getInt64());
  }
}

TEST_CASE("the embedded default replays the bundled capture: the refiller, the feed refresh and the peek") {
  fixtures::temp_dir dir{"kd-capture"};
  const auto db = dir.path / "deals.db";
  const auto r = e2e::run_shell("env -u KEEPA_API_KEY " + std::string(KEEPA_DEALS_BINARY) + " run --db " + db.string());
  INFO(r.out);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("replaying the capture") != std::string::npos);
  CHECK(r.out.find("session 2 (") != std::string::npos);
  CHECK(r.out.find("unanswered: ") == std::string::npos);
  // Nonzero counts of each path in the second walk's summary.
  const auto second = r.out.substr(r.out.find("session 2 ("));
  for (const char* path : {" refreshed from the feed", " ruled out by the peek", " new analysed"}) {
    auto at = second.find(path);
    REQUIRE(at != std::string::npos);
    auto start = at;
    while (start > 0 && std::isdigit(static_cast<unsigned char>(second[start - 1])))
      --start;
    INFO(path);
    CHECK(std::stol("0" + second.substr(start, at - start)) > 0);
  }
  SQLite::Database read(db.string(), SQLite::OPEN_READONLY);
  CHECK(read.execAndGet("SELECT count(*) FROM deals WHERE price_source = 'feed'").getInt64() > 0);
}
