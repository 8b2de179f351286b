// `keepa-deals status [--db F] [--json] [--now UNIX]`: what a node has recorded
// in its database (deals, tokens, job runs, feed positions), read without
// touching the file, so it is safe to run beside a live node or on a copy.
#include "app/command.hpp"
#include "app/status_output.hpp"
#include "storage/status_report.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <memory>
#include <optional>
#include <string>

namespace {

struct status_options {
  std::string db = "deals.db";
  bool json = false;
  std::optional<storage::unix_seconds> now;
};

int run_status(const status_options& o) {
  storage::status_report report;
  try {
    report = storage::read_status(o.db, o.now);
  } catch (const storage::store_error& e) {
    fmt::print(stderr, "keepa-deals status: {}\n", e.what());
    return 1;
  }
  const std::string out = o.json ? app::status_json(report) : app::status_text(report);
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fflush(stdout);
  return 0;
}

const app::command_registration status_registration{"status", [](CLI::App& root) {
  auto* cmd = root.add_subcommand(
      "status",
      "Summarise a keepa-deals database: deals by age and source, the token balance and\n"
      "spend (today and in all, by kind), each job's last run and next run, the refiller's\n"
      "watermark and the backfill cursor. The file is opened read-only and never migrated.\n"
      "Ages and 'today' are measured from --now, else the node's last recorded clock, else\n"
      "the wall clock. A missing or unreadable file is named on stderr with exit status 1.");
  auto options = std::make_shared<status_options>();
  cmd->add_option("--db", options->db, "the database file")->capture_default_str();
  cmd->add_flag("--json", options->json,
                "print one JSON object (keys in README.md, \"status\") instead of text");
  cmd->add_option("--now", options->now, "measure ages from this time (Unix seconds, UTC)");
  cmd->callback([options] {
    if (int rc = run_status(*options))
      throw CLI::RuntimeError(rc);
  });
}};

} // namespace
