// The real binary's live mode against the real mock Keepa server over
// loopback: the first walk of the deal feed analyses every deal heavy, a walk
// after the clock moved refreshes known deals light, and the mock's own meter
// shows what each cost.
#include "mock/mock_server.hpp"
#include "shell_command.hpp"
#include "storage/deal_store.hpp"
#include "tests/fixtures/mock_fixtures.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/wait.h>

namespace {

constexpr const char* test_key = "k3y-that-must-never-be-logged";

// stderr (the log) comes along, so tests can grep it for the key.
e2e::process_result run_binary(const std::string& args) {
  return e2e::run_shell("KEEPA_API_KEY=" + std::string(test_key) + " " + KEEPA_DEALS_BINARY + " " + args);
}

struct temp_dir {
  std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("kd-e2e-" + std::to_string(::getpid()));
  temp_dir() { std::filesystem::create_directories(path); }
  ~temp_dir() { std::filesystem::remove_all(path); }
};

} // namespace

TEST_CASE("live refill: new deals go heavy, known deals go light at one token each, watermark after commit") {
  // Pinned to mock::default_start_ms; fixture_properties_test checks that its
  // feed is not empty and lists changed known deals again 12 hours on.
  mock::mock_server server{fixtures::e2e_universe()};
  server.start();
  temp_dir dir;
  const auto db = dir.path / "deals.db";
  // The seed's hybrid ingestion; ingest_modes_test.cpp covers the others.
  const std::string args = "run --once --only refill --mode hybrid --keepa-url http://127.0.0.1:" +
                           std::to_string(server.port()) +
                           " --db " + db.string();

  auto first = run_binary(args);
  INFO(first.out);
  REQUIRE(first.exit_code == 0);
  CHECK(first.out.find(test_key) == std::string::npos);
  const auto after_first = server.stats();
  std::int64_t stored = 0;
  std::string watermark;
  {
    storage::deal_store store{db};
    stored = store.deal_count();
    watermark = store.state("refiller.watermark").value_or("");
  }
  REQUIRE(stored > 0);
  CHECK_FALSE(watermark.empty());
  const auto heavy_tokens = after_first.tokens_charged.at("product");
  CHECK(heavy_tokens >= 6 * stored);  // offers=20 costs at least 6 a product
  CHECK(after_first.tokens_charged.at("deal") % 5 == 0);

  // Half a day later prices have moved and the feed lists changed products again.
  server.advance(std::chrono::hours(12));
  auto second = run_binary(args);
  REQUIRE(second.exit_code == 0);
  CHECK(second.out.find(test_key) == std::string::npos);
  const auto after_second = server.stats();
  const auto second_tokens = after_second.tokens_charged.at("product") - heavy_tokens;
  INFO(second.out);
  {
    storage::deal_store store{db};
    CHECK(store.state("refiller.watermark").value_or("") > watermark);
    CHECK(store.deal_count() >= stored);
  }
  // The line the refiller prints: "...; N refreshed light for T tokens; ...".
  const std::string phrase = " refreshed light for ";
  const auto refreshed_at = second.out.find(phrase);
  REQUIRE(refreshed_at != std::string::npos);
  const auto known = std::stoll(second.out.substr(second.out.rfind("; ", refreshed_at) + 2));
  const auto light_tokens = std::stoll(second.out.substr(refreshed_at + phrase.size()));
  CHECK(known > 0);
  CHECK(light_tokens == known);
  CHECK(second_tokens < heavy_tokens);
  server.stop();
}

TEST_CASE("live refill against an unreachable server fails clearly and moves nothing") {
  temp_dir dir;
  const auto db = dir.path / "deals.db";
  // Two tries rather than the default eight: the same failure without 25 s
  // of back-off. The balance it cannot read is taken as one minute's refill,
  // so the feed page tries at once instead of waiting for the next minute.
  const auto config = dir.path / "node.toml";
  std::ofstream(config) << "[keepa]\nmax_attempts = 2\n";
  // Port 9 on loopback: nothing listens there.
  auto r = run_binary("run --once --only refill -c " + config.string() +
                      " --keepa-url http://127.0.0.1:9 --db " + db.string());
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("127.0.0.1:9") != std::string::npos);  // the error names where
  CHECK(r.out.find("gave up after 2 attempts") != std::string::npos);
  CHECK(r.out.find("assuming one minute's refill") != std::string::npos);
  CHECK(r.out.find(test_key) == std::string::npos);
  storage::deal_store store{db};
  CHECK(store.deal_count() == 0);
  CHECK_FALSE(store.state("refiller.watermark"));
}
