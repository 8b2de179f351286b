// `keepa-deals run`: the main job. Settings come from defaults, then the
// config file, then flags; the API key from KEEPA_API_KEY only.
#include "app/command.hpp"
#include "app/logging.hpp"
#include "app/run_config.hpp"
#include "app/run_jobs.hpp"
#include "storage/deal_store.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <unistd.h>

namespace {

std::atomic<bool> stop_requested{false};

// The first signal stops the node gracefully (no new work, token waits
// abandoned, the batch in flight commits, at most about 10 s); a second one
// exits at once. Nothing committed is lost either way: every batch is one
// transaction, and a watermark or cursor only moves after its rows.
extern "C" void on_stop_signal(int) {
  if (stop_requested.exchange(true)) {
    static const char now[] = "keepa-deals: second stop signal, exiting now\n";
    (void)!::write(STDERR_FILENO, now, sizeof now - 1);
    ::_exit(130);
  }
}

struct run_flags {
  std::string config_file;
  std::string db;
  std::string keepa_url;
  std::string replay_dir;
  std::string capture_dir;
  std::string ca_file;
  std::int32_t token_rate = 0;
  std::int32_t retention_hours = 0;
  std::int32_t refill_minutes = 0;
  std::int32_t backfill_minutes = 0;
  std::int32_t janitor_hours = 0;
  std::string only;
  std::string mode;
  std::size_t demo_products = 0;
  std::uint64_t demo_seed = 0;
  bool once = false;
  bool backfill = false;
  std::size_t backfill_max_deals = 0;
  std::string log_level = "info";
  std::string log_format;
  std::string log_file;
  std::string webhook_url;
  double min_profit = 0;
  double min_margin = 0;
  std::string http_listen;
};

app::run_config configure(CLI::App& cmd, const run_flags& flags) {
  app::run_config config;
  if (!flags.config_file.empty())
    config = app::load_run_config(flags.config_file);
  auto given = [&cmd](const char* name) { return cmd.get_option(name)->count() > 0; };
  auto& node = config.node;
  if (given("--db")) node.pipeline.db_file = flags.db;
  if (given("--keepa-url")) config.keepa_url = flags.keepa_url;
  if (given("--replay")) config.replay_dir = flags.replay_dir;
  if (given("--capture")) config.capture_dir = flags.capture_dir;
  if (given("--ca-file")) config.ca_file = flags.ca_file;
  if (given("--token-rate")) node.pipeline.bucket.refill_per_minute = flags.token_rate;
  if (given("--retention-hours")) node.janitor.retention_hours = flags.retention_hours;
  if (given("--refill-minutes")) node.schedule.refill_every = std::chrono::minutes(flags.refill_minutes);
  if (given("--backfill-minutes")) node.schedule.backfill_every = std::chrono::minutes(flags.backfill_minutes);
  if (given("--janitor-hours")) node.schedule.janitor_every = std::chrono::hours(flags.janitor_hours);
  if (given("--only")) node.jobs = app::parse_job_list(flags.only);
  if (given("--mode")) {
    const auto mode = ingest::parse_ingest_mode(flags.mode);
    if (!mode)
      throw app::config_error("--mode: '" + flags.mode + "' is not heavy-only, hybrid or optimal");
    // The mode and its offers default; the other [ingest] knobs stay.
    node.pipeline.policy.mode = *mode;
    node.pipeline.policy.heavy_offers = ingest::policy_for(*mode).heavy_offers;
  }
  if (given("--demo-products")) config.demo_products = flags.demo_products;
  if (given("--demo-seed")) config.demo_seed = flags.demo_seed;
  if (given("--demo-products") || given("--demo-seed")) config.synthetic_demo = true;
  if (flags.once) node.once = true;
  if (flags.backfill) {  // the backfiller alone, one run
    node.jobs = {false, true, false};
    node.once = true;
  }
  if (given("--backfill-max")) node.backfill.max_deals = flags.backfill_max_deals;
  if (given("--log-format")) config.log_format = flags.log_format;
  if (given("--log-file")) config.log_file = flags.log_file;
  if (given("--webhook-url")) node.notify.webhook_url = flags.webhook_url;
  if (given("--min-profit"))
    node.pipeline.store.criteria.min_profit_cents = static_cast<std::int64_t>(flags.min_profit * 100 + 0.5);
  if (given("--min-margin")) node.pipeline.store.criteria.min_margin_pct = flags.min_margin;
  app::finish_run_config(config);
  if (given("--http-listen")) config.http.listen = flags.http_listen;
  if (const char* key = std::getenv("KEEPA_API_KEY"))
    config.api_key = key;
  // The mock server wants a key but takes any: a sample config runs as written.
  if (config.api_key.empty() && app::is_local_mock(config))
    config.api_key = "local-mock-server";
  return config;
}

int run(CLI::App& cmd, const run_flags& flags) {
  spdlog::set_level(spdlog::level::from_str(flags.log_level));
  // A service's log shows each summary when it happens, not at exit.
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  app::run_config config;
  try {
    config = configure(cmd, flags);
    app::configure_logging({config.log_format, config.log_file, flags.log_level, config.api_key});
    if (app::mode_of(config) == app::run_mode::node)
      app::check_node_config(config);
    else if (config.capture_dir)
      throw app::config_error("--capture records the node's exchanges with Keepa: give --keepa-url (the mock "
                              "server) or KEEPA_API_KEY; a replay has nothing new to record");
    if (app::http_listen(config.http) && app::mode_of(config) != app::run_mode::node)
      spdlog::warn("[http] listen: only the node serves HTTP; this run does not");
    // Opened (created, migrated) and closed once before anything is fetched: a
    // file or directory this user cannot write, or a file from a newer
    // program, stops the run here, named, with no token spent.
    storage::deal_store{config.db(), config.node.pipeline.store};
  } catch (const std::exception& e) {
    spdlog::error("{}", e.what());
    return 2;
  }

  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
  // A file-size limit reached (ulimit -f) is a write error the writer reports
  // and waits out like a full disk, not a reason to die with a core.
  std::signal(SIGXFSZ, SIG_IGN);
  try {
    switch (app::mode_of(config)) {
    case app::run_mode::embedded_replay: return app::run_embedded(config);
    case app::run_mode::replay_dir: return app::run_replay(config);
    case app::run_mode::node: {
      const auto& n = config.node;
      spdlog::info("node: {}, {} tokens/min, store {}; jobs:{}{}{}{}",
                   config.keepa_url.empty() ? app::keepa_api_url : config.keepa_url, config.token_rate(),
                   config.db().string(),
                   n.jobs.refill ? fmt::format(" refiller every {} min", n.schedule.refill_every.count()) : "",
                   n.jobs.backfill ? fmt::format(" backfiller every {} min", n.schedule.backfill_every.count()) : "",
                   n.jobs.janitor ? fmt::format(" janitor every {} h ({} h retention)", n.schedule.janitor_every.count(),
                                                n.janitor.retention_hours)
                                  : "",
                   n.once ? " (each once)" : "");
      return app::run_node(config, stop_requested);
    }
    }
  } catch (const std::exception& e) {
    spdlog::error("{}", e.what());
    return 1;
  }
  return 1;
}

const app::command_registration run_registration{"run", [](CLI::App& root) {
  auto* cmd = root.add_subcommand("run", "Run the main job: keep deals.db fresh (embedded replay by default)");
  auto flags = std::make_shared<run_flags>();
  cmd->add_option("-c,--config", flags->config_file,
                  "TOML config file ([store] [keepa] [ingest] [feed] [backfill] [schedule] [replay] [analysis] "
                  "[analysis.llm] [deals] [notify] [log]; see README)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--db", flags->db, "SQLite file of the deals (default deals.db)");
  cmd->add_option("--keepa-url", flags->keepa_url, "Keepa base URL, e.g. http://127.0.0.1:PORT for the mock server");
  cmd->add_option("--replay", flags->replay_dir,
                  "replay a capture (as `keepa-deals replay DIR`), or a directory of /product bodies")
      ->check(CLI::ExistingDirectory);
  cmd->add_option("--capture", flags->capture_dir,
                  "node: record every Keepa exchange (request without the key, status, envelope, body) as a "
                  "new session under DIR, for `keepa-deals replay DIR`");
  cmd->add_option("--ca-file", flags->ca_file, "extra CA certificates (PEM) for HTTPS");
  cmd->add_option("--token-rate", flags->token_rate, "tokens per minute of the Keepa plan (default 5)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--retention-hours", flags->retention_hours, "janitor deletes deals unseen this long (default 72)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--refill-minutes", flags->refill_minutes, "minutes between refiller runs (default 1)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--backfill-minutes", flags->backfill_minutes, "minutes between backfiller runs (default 30)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--janitor-hours", flags->janitor_hours, "hours between janitor runs (default 4, and at start)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--only", flags->only, "run only these jobs: refill, backfill, janitor (comma-separated)");
  cmd->add_option("--mode", flags->mode,
                  "how tokens are spent: optimal (default: known deals refreshed from the feed for free, offers "
                  "only for profitable new deals, rejects remembered), hybrid (new deals heavy with offers, known "
                  "ones light at every reappearance) or heavy-only (everything heavy with offers, as the original)");
  cmd->add_option("--demo-products", flags->demo_products, "embedded default: replay this many synthetic books instead of the bundled capture (default 300)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--demo-seed", flags->demo_seed, "embedded default: the synthetic books' seed (default 42; implies the synthetic books)");
  cmd->add_flag("--once", flags->once, "node: run each enabled job once, then exit");
  cmd->add_flag("--backfill", flags->backfill, "node: one backfiller run alone (same as --only backfill --once)");
  cmd->add_option("--backfill-max", flags->backfill_max_deals, "backfiller: at most this many deals a run (default 3000)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--log-format", flags->log_format, "text or json (one JSON object a line); [log] format")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--log-file", flags->log_file, "append the log to this file (created 0600) instead of stderr");
  cmd->add_option("--webhook-url", flags->webhook_url, "POST notifications here ([notify] webhook_url)");
  cmd->add_option("--min-profit", flags->min_profit, "dollars a deal must make to be notified ([deals] min_profit, 0.01)");
  cmd->add_option("--min-margin", flags->min_margin, "margin % a deal must reach to be notified ([deals] min_margin, 20)");
  cmd->add_option("--http-listen", flags->http_listen,
                  "node: serve /metrics, /healthz and the status page here, e.g. 127.0.0.1:8088 (port 0: any)");
  cmd->add_option("--log-level", flags->log_level, "trace, debug, info, warn, error (default info)")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}));
  cmd->footer(
      "Modes:\n"
      "  default        no key, URL or replay directory: the bundled capture (two runs of a node\n"
      "                 against the mock server) replayed into --db; no network.\n"
      "  --replay DIR   replay a capture made with --capture, or every /product body in DIR once.\n"
      "  node           KEEPA_API_KEY set, or --keepa-url: the long-running node. One pipeline\n"
      "                 (one writer, one token bucket started from the free /token call) and\n"
      "                 three jobs on one clock: the refiller walks the feed newest first down\n"
      "                 to its watermark and routes what changed (new ASINs heavy, known ones\n"
      "                 light); the backfiller walks the whole feed from its page:chunk cursor;\n"
      "                 the janitor deletes deals unseen for the retention. Watermark and cursor\n"
      "                 move only after their rows commit. Runs until SIGINT/SIGTERM (graceful,\n"
      "                 within about 10 s; a second signal exits at once) or, with --once, one\n"
      "                 run of each job. Exit 1 when a run failed, 2 when the node could not go on.\n"
      "Environment:\n"
      "  KEEPA_API_KEY  the Keepa API key; read from here only, never logged.");
  cmd->callback([cmd, flags] {
    if (int rc = run(*cmd, *flags))
      throw CLI::RuntimeError(rc);
  });
}};

} // namespace
