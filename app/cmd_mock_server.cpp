// `keepa-deals mock-server`: runs the mock Keepa server until SIGTERM or SIGINT.
#include "app/command.hpp"
#include "mock/mock_server.hpp"
#include "mock/utc_time.hpp"

#include <CLI/CLI.hpp>

#include <chrono>
#include <csignal>
#include <iostream>
#include <memory>
#include <pthread.h>

namespace {

// The server's start: --start when given (tests pin it, since the date decides
// what the feed holds), else the wall clock, for interactive use.
std::int64_t start_ms_of(const std::string& start) {
  if (start.empty())
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  if (const auto ms = mock::parse_utc_ms(start))
    return *ms;
  throw CLI::ValidationError("--start", "'" + start + "' is not a UTC time like 2026-11-01T00:00:00Z");
}

int run_mock_server(mock::server_options options) {
  // Block the stop signals before any server thread exists, so that every
  // thread inherits the mask and this one alone receives them in sigwait.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  try {
    mock::mock_server server(std::move(options));
    server.start();
    std::cout << "listening on http://127.0.0.1:" << server.port() << std::endl;
    int received = 0;
    sigwait(&stop_signals, &received);
    server.stop();
    std::cerr << "mock-server: stopped on signal " << received << '\n';
  } catch (const std::exception& e) {
    std::cerr << "mock-server: " << e.what() << '\n';
    return 1;
  }
  return 0;
}

const app::command_registration mock_server_registration{"mock-server", [](CLI::App& root) {
  auto* cmd = root.add_subcommand(
      "mock-server", "Run a mock Keepa API on 127.0.0.1 that answers from a synthetic universe and bills like Keepa");
  auto options = std::make_shared<mock::server_options>();
  auto start = std::make_shared<std::string>();
  cmd->add_option("--port", options->port, "TCP port on 127.0.0.1; 0 picks a free one")->capture_default_str();
  cmd->add_option("--universe", options->universe_products, "number of synthetic products")->capture_default_str();
  cmd->add_option("--seed", options->seed, "seed of the synthetic universe")->capture_default_str();
  cmd->add_option("--token-rate", options->token_rate, "tokens refilled per minute")->capture_default_str();
  cmd->add_option("--initial-tokens", options->initial_tokens, "starting balance (default: 60 minutes' worth)");
  cmd->add_option("--history-days", options->history_days, "days of history per product")->capture_default_str();
  cmd->add_option("--api-key", options->api_key, "the only key accepted (default: any non-empty key)");
  cmd->add_option("--replay", options->replay_dir,
                  "serve captured product-*.json / deal-*.json responses from this directory");
  cmd->add_option("--start", *start,
                  "UTC time the clock starts at and the universe is generated at, e.g. 2026-11-01T00:00:00Z "
                  "(default: now)");
  cmd->add_flag("--simulated-clock", options->simulated_clock,
                "time moves only by POST /mock/advance?minutes=N");
  cmd->add_option("--threads", options->threads, "I/O threads")->capture_default_str();
  cmd->add_option("--address", options->address, "bind address; only 127.0.0.1 is accepted")->capture_default_str();
  cmd->callback([options, start] {
    options->start_ms = start_ms_of(*start);
    if (int rc = run_mock_server(*options))
      throw CLI::RuntimeError(rc);
  });
}};

} // namespace
