// The backfiller never stalls at max_pages, and ASINs Keepa leaves out of an
// answer hold the refiller's watermark instead of being skipped.
#include "mock/mock_server.hpp"
#include "shell_command.hpp"
#include "storage/deal_store.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace {

e2e::process_result run(const std::string& args) {
  return e2e::run_shell("KEEPA_API_KEY=any " + std::string(KEEPA_DEALS_BINARY) + " " + args);
}

struct fixture {
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("kd-e2e-positions-" + std::to_string(::getpid()));
  std::filesystem::path db = dir / "deals.db";
  mock::mock_server server{[] {
    mock::server_options o;
    o.universe_products = 400;
    o.seed = 11;
    o.initial_tokens = 1'000'000;
    o.simulated_clock = true;
    return o;
  }()};
  fixture() {
    std::filesystem::create_directories(dir);
    server.start();
  }
  ~fixture() {
    server.stop();
    std::filesystem::remove_all(dir);
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(server.port()); }
  std::string state(const std::string& key) {
    storage::deal_store store{db};
    return store.state(key).value_or("");
  }
};

} // namespace

TEST_CASE("a saved cursor past max_pages, or a walk that reaches max_pages, starts the backfill over") {
  fixture f;
  const auto config = f.dir / "one-page.toml";
  std::ofstream(config) << "[feed]\nmax_pages = 1\n[backfill]\nchunk_size = 20\nmax_deals = 100000\n";
  {
    storage::deal_store store{f.db};
    store.set_state({"backfiller.cursor", "5:0", 1});  // saved by a run with a larger max_pages
  }
  auto r = run("run --backfill --config " + config.string() + " --keepa-url " + f.url() + " --db " + f.db.string());
  INFO(r.out);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("past max_pages") != std::string::npos);
  // It walked page 0 (not nothing) and, max_pages reached, starts over next time.
  CHECK(f.state("backfiller.cursor") == "0:0");
  storage::deal_store store{f.db};
  CHECK(store.deal_count() > 0);
}

TEST_CASE("ASINs Keepa leaves out of an answer stay queued: the watermark stops before them") {
  fixture f;
  f.server.inject({.kind = mock::fault_kind::missing_products, .count = 1000, .missing = 1, .endpoint = "product"});
  auto r = run("run --once --only refill --keepa-url " + f.url() + " --db " + f.db.string());
  INFO(r.out);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("stay queued for the next walk") != std::string::npos);
  const auto held = f.state("refiller.watermark");
  f.server.clear_faults();
  auto again = run("run --once --only refill --keepa-url " + f.url() + " --db " + f.db.string());
  INFO(again.out);
  REQUIRE(again.exit_code == 0);
  // With nothing left out the second walk takes the watermark past the held one.
  CHECK(again.out.find("stay queued") == std::string::npos);
  CHECK(std::stoll(f.state("refiller.watermark")) > (held.empty() ? 0 : std::stoll(held)));
}
