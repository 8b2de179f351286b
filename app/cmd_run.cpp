// `keepa-deals run`: the main job. Settings come from defaults, then the
// config file, then flags; the API key from KEEPA_API_KEY only.
#include "app/command.hpp"
#include "app/run_config.hpp"
#include "app/run_jobs.hpp"

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <memory>
#include <unistd.h>

namespace {

std::atomic<bool> stop_requested{false};

// The first signal lets the job finish the batch in hand (it may be waiting
// for tokens); a second one exits at once. Nothing is lost either way: every
// batch is one transaction, and the watermark only moves after its rows.
extern "C" void on_stop_signal(int) {
  if (stop_requested.exchange(true)) {
    static const char now[] = "keepa-deals: second stop signal, exiting now\n";
    (void)!::write(STDERR_FILENO, now, sizeof now - 1);
    ::_exit(130);
  }
  static const char first[] = "keepa-deals: stopping after the batch in hand (signal again to stop at once)\n";
  (void)!::write(STDERR_FILENO, first, sizeof first - 1);
}

struct run_flags {
  std::string config_file;
  std::string db;
  std::string keepa_url;
  std::string replay_dir;
  std::string ca_file;
  std::int32_t token_rate = 0;
  std::int32_t retention_hours = 0;
  std::int32_t interval_seconds = 0;
  std::size_t demo_products = 0;
  std::uint64_t demo_seed = 0;
  bool once = false;
  bool backfill = false;
  std::size_t backfill_max_deals = 0;
  std::string log_level = "info";
};

int run(CLI::App& cmd, const run_flags& flags) {
  spdlog::set_level(spdlog::level::from_str(flags.log_level));
  app::run_config config;
  try {
    if (!flags.config_file.empty())
      config = app::load_run_config(flags.config_file);
  } catch (const std::exception& e) {
    spdlog::error("{}", e.what());
    return 2;
  }
  auto given = [&cmd](const char* name) { return cmd.get_option(name)->count() > 0; };
  if (given("--db")) config.db = flags.db;
  if (given("--keepa-url")) config.keepa_url = flags.keepa_url;
  if (given("--replay")) config.replay_dir = flags.replay_dir;
  if (given("--ca-file")) config.ca_file = flags.ca_file;
  if (given("--token-rate")) config.token_rate = flags.token_rate;
  if (given("--retention-hours")) config.retention_hours = flags.retention_hours;
  if (given("--interval")) config.interval_seconds = flags.interval_seconds;
  if (given("--demo-products")) config.demo_products = flags.demo_products;
  if (given("--demo-seed")) config.demo_seed = flags.demo_seed;
  if (flags.once) config.once = true;
  if (flags.backfill) config.backfill = true;
  if (given("--backfill-max")) config.backfill_max_deals = flags.backfill_max_deals;
  if (const char* key = std::getenv("KEEPA_API_KEY"))
    config.api_key = key;

  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
  try {
    switch (app::mode_of(config)) {
    case app::run_mode::embedded_replay: return app::run_embedded(config);
    case app::run_mode::replay_dir: return app::run_replay(config);
    case app::run_mode::backfill:
    case app::run_mode::live:
      if (config.keepa_url.empty() && config.api_key.empty()) {
        spdlog::error("live mode needs KEEPA_API_KEY (or --keepa-url for the mock server)");
        return 2;
      }
      spdlog::info("{}: {}, {} tokens/min, store {}", config.backfill ? "backfill" : "refill",
                   config.keepa_url.empty() ? "https://api.keepa.com" : config.keepa_url, config.token_rate,
                   config.db.string());
      if (config.backfill)
        return app::run_backfill(config, stop_requested);
      return app::run_live(config, stop_requested);
    }
  } catch (const std::exception& e) {
    spdlog::error("{}", e.what());
    return 1;
  }
  return 1;
}

const app::command_registration registration{[](CLI::App& root) {
  auto* cmd = root.add_subcommand("run", "Run the main job: keep deals.db fresh (embedded replay by default)");
  auto flags = std::make_shared<run_flags>();
  cmd->add_option("-c,--config", flags->config_file, "TOML config file ([store] [keepa] [ingest] [feed] [replay] [analysis])")
      ->check(CLI::ExistingFile);
  cmd->add_option("--db", flags->db, "SQLite file of the deals (default deals.db)");
  cmd->add_option("--keepa-url", flags->keepa_url, "Keepa base URL, e.g. http://127.0.0.1:PORT for the mock server");
  cmd->add_option("--replay", flags->replay_dir, "directory of captured /product responses to replay")
      ->check(CLI::ExistingDirectory);
  cmd->add_option("--ca-file", flags->ca_file, "extra CA certificates (PEM) for HTTPS");
  cmd->add_option("--token-rate", flags->token_rate, "tokens per minute of the Keepa plan (default 5)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--retention-hours", flags->retention_hours, "janitor deletes deals unseen this long (default 72)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--interval", flags->interval_seconds, "seconds between feed walks in live mode (default 60)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--demo-products", flags->demo_products, "books in the embedded default (default 300)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--demo-seed", flags->demo_seed, "seed of the embedded default (default 42)");
  cmd->add_flag("--once", flags->once, "live mode: one feed walk, then exit");
  cmd->add_flag("--backfill", flags->backfill, "walk the whole deal feed from the saved cursor instead of refilling");
  cmd->add_option("--backfill-max", flags->backfill_max_deals, "backfill: at most this many deals a run (default 3000)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--log-level", flags->log_level, "trace, debug, info, warn, error (default info)")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}));
  cmd->footer(
      "Modes:\n"
      "  default        no key, URL or replay directory: synthetic captured payloads replayed\n"
      "                 twice into --db (a heavy pass, then a light refresh); no network.\n"
      "  --replay DIR   replay every captured /product response in DIR once.\n"
      "  live           KEEPA_API_KEY set, or --keepa-url: the refiller. Walks the deal feed every\n"
      "                 --interval; new ASINs are fetched heavy and analysed, known ones light;\n"
      "                 the feed watermark moves only after their rows are committed. Runs until\n"
      "                 SIGINT/SIGTERM (finishing the batch in hand; a second signal stops at\n"
      "                 once, losing nothing committed) or, with --once, one walk.\n"
      "  --backfill     with a key or URL: walk the whole feed from the saved page:chunk\n"
      "                 cursor, a chunk at a time, moving the cursor after each commit.\n"
      "Environment:\n"
      "  KEEPA_API_KEY  the Keepa API key; read from here only, never logged.");
  cmd->callback([cmd, flags] {
    if (int rc = run(*cmd, *flags))
      throw CLI::RuntimeError(rc);
  });
}};

} // namespace
