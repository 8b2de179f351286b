// `keepa-deals replay DIR [--db F] [-c config] [--strict]`: the whole node,
// offline, on a capture made by `run --capture DIR`.
#include "app/command.hpp"
#include "app/run_config.hpp"
#include "app/run_jobs.hpp"
#include "storage/deal_store.hpp"

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <memory>
#include <string>

namespace {

struct replay_flags {
  std::string dir;
  std::string config_file;
  std::string db;
  bool strict = false;
  std::string log_level = "info";
};

int replay(CLI::App& cmd, const replay_flags& flags) {
  spdlog::set_level(spdlog::level::from_str(flags.log_level));
  try {
    app::run_config config;
    if (!flags.config_file.empty())
      config = app::load_run_config(flags.config_file);
    if (cmd.get_option("--db")->count() > 0)
      config.node.pipeline.db_file = flags.db;
    app::finish_run_config(config);  // the feed the recorded `run` asked for, unless [deals] says otherwise
    // Created (or migrated) before the capture is read: a store this user
    // cannot write stops the replay here, named.
    storage::deal_store{config.db(), config.node.pipeline.store};
    return app::run_capture_replay(config, flags.dir, flags.strict);
  } catch (const std::exception& e) {
    spdlog::error("replay: {}", e.what());
    return 2;
  }
}

const app::command_registration replay_registration{"replay", [](CLI::App& root) {
  auto* cmd = root.add_subcommand("replay", "Run the node offline on a capture made by `run --capture DIR`");
  auto flags = std::make_shared<replay_flags>();
  cmd->add_option("dir", flags->dir, "the capture directory (or one session-NNNN directory of it)")
      ->required()
      ->check(CLI::ExistingDirectory);
  cmd->add_option("-c,--config", flags->config_file, "TOML config file: [store] and [analysis] apply")
      ->check(CLI::ExistingFile);
  cmd->add_option("--db", flags->db, "SQLite file the replay writes (default deals.db)");
  cmd->add_flag("--strict", flags->strict, "exit 1 when the node asked for anything the capture does not hold");
  cmd->add_option("--log-level", flags->log_level, "trace, debug, info, warn, error (default info)")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}));
  cmd->footer(
      "Each recorded session runs as it was recorded (its mode, --once, jobs and plan rate) on a\n"
      "simulated clock that starts at its first recorded timestamp; every request is answered\n"
      "with what Keepa answered then, envelope included, so the token bucket and the clock follow\n"
      "the capture. A request the capture does not hold is reported and counted, never made up.\n"
      "Two replays of one capture into fresh files give identical deals tables.\n"
      "Exit 0; 1 when a job run failed (or, with --strict, a request went unanswered); 2 when the\n"
      "capture or the store could not be read.");
  cmd->callback([cmd, flags] {
    if (int rc = replay(*cmd, *flags))
      throw CLI::RuntimeError(rc);
  });
}};

} // namespace
