// SIGTERM while the node waits for tokens: the wait is abandoned, the batch
// already committed stays, the run is recorded as stopped, and the process
// exits 0 well within 10 s.
#include "child_process.hpp"
#include "mock/mock_server.hpp"
#include "storage/deal_store.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

using e2e::read_until;
using e2e::spawn;

TEST_CASE("SIGTERM during a token wait exits 0 within 10 s and keeps what was committed") {
  mock::server_options options;
  options.universe_products = 400;
  options.seed = 11;
  options.token_rate = 1;
  options.initial_tokens = 60;    // the feed's pages, then one heavy chunk takes the balance far below zero
  options.simulated_clock = true; // and no refill ever comes
  mock::mock_server server{options};
  server.start();
  const auto dir = std::filesystem::temp_directory_path() / ("kd-e2e-stop-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto db = dir / "deals.db";

  auto node = spawn({KEEPA_DEALS_BINARY, "run", "--only", "refill", "--keepa-url",
                     "http://127.0.0.1:" + std::to_string(server.port()), "--db", db.string()});
  std::string log;
  const bool waiting = read_until(node.err, "tokens: waiting", log);
  INFO(log);
  REQUIRE(waiting);
  const auto signalled = std::chrono::steady_clock::now();
  ::kill(node.pid, SIGTERM);
  read_until(node.err, "no such line", log);  // to the end of the log
  int status = 0;
  ::waitpid(node.pid, &status, 0);
  const auto took = std::chrono::steady_clock::now() - signalled;
  ::close(node.err);
  INFO(log);
  CHECK(took < std::chrono::seconds(10));
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  // The run that waited for tokens: in the optimal mode the drainer's (the
  // refiller queued the new deals and ended), else the refiller's.
  CHECK((log.find("drainer: stopped") != std::string::npos || log.find("refiller: stopped") != std::string::npos));
  server.stop();

  storage::deal_store store{db};
  CHECK(store.deal_count() > 0);  // the first chunk committed before the wait
  std::filesystem::remove_all(dir);
}
