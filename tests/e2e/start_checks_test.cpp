// What the node refuses before it spends a token: Keepa without a key, a
// malformed URL, a saved watermark it cannot read.
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

// Without the caller's KEEPA_API_KEY, whatever the environment of the suite.
e2e::process_result run(const std::string& env_and_args) { return e2e::run_shell("env -u KEEPA_API_KEY " + env_and_args); }

const std::filesystem::path dir = std::filesystem::temp_directory_path() / ("kd-e2e-start-" + std::to_string(::getpid()));

} // namespace

TEST_CASE("Keepa itself without KEEPA_API_KEY is refused at start, saying so") {
  std::filesystem::create_directories(dir);
  const auto config = dir / "live.toml";
  std::ofstream(config) << "[keepa]\nurl = \"https://api.keepa.com\"\n";
  auto r = run(std::string(KEEPA_DEALS_BINARY) + " run --config " + config.string() + " --db " +
               (dir / "a.db").string());
  INFO(r.out);
  CHECK(r.exit_code == 2);
  CHECK(r.out.find("KEEPA_API_KEY") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir / "a.db"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("a malformed --keepa-url is refused at start") {
  auto r = run(std::string(KEEPA_DEALS_BINARY) + " run --keepa-url ftp:/nowhere --db /nonexistent/dir/x.db");
  INFO(r.out);
  CHECK(r.exit_code == 2);
  CHECK(r.out.find("--keepa-url") != std::string::npos);
}

TEST_CASE("a saved watermark that is not a Keepa minute stops the node with the key and the value") {
  std::filesystem::create_directories(dir);
  const auto db = dir / "w.db";
  {
    storage::deal_store store{db};
    store.set_state({"refiller.watermark", "garbage", 1});
  }
  mock::server_options options;
  options.universe_products = 50;
  options.simulated_clock = true;
  mock::mock_server server{options};
  server.start();
  auto r = run("KEEPA_API_KEY=any " + std::string(KEEPA_DEALS_BINARY) + " run --once --only refill --keepa-url " +
               "http://127.0.0.1:" + std::to_string(server.port()) + " --db " + db.string());
  server.stop();
  INFO(r.out);
  CHECK(r.exit_code == 2);
  CHECK(r.out.find("refiller.watermark = 'garbage'") != std::string::npos);
  std::filesystem::remove_all(dir);
}
