// `keepa-deals export [--profitable] [--format csv|json] [--db F] [--out F]`:
// the deals for a spreadsheet or a program, read without touching the file
// (safe beside a running node). Best profit first.
#include "app/command.hpp"
#include "app/export_format.hpp"
#include "storage/deal_export.hpp"
#include "storage/deal_store.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>

namespace {

struct export_options {
  std::string db = "deals.db";
  std::string format = "csv";
  std::string out;  // empty: stdout
  bool profitable = false;
};

int run_export(const export_options& o) {
  std::vector<storage::deal_row> deals;
  try {
    deals = storage::read_deals_for_export(o.db, o.profitable);
  } catch (const storage::store_error& e) {
    fmt::print(stderr, "keepa-deals export: {}\n", e.what());
    return 1;
  }
  const std::string text = o.format == "json" ? app::deals_json(deals) : app::deals_csv(deals);
  if (o.out.empty()) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
    return 0;
  }
  // Written beside, then renamed: a reader never sees half a file.
  const std::string partial = o.out + ".partial";
  {
    std::ofstream file(partial, std::ios::binary | std::ios::trunc);
    file.write(text.data(), static_cast<std::streamsize>(text.size()));
    file.close();
    if (!file) {
      fmt::print(stderr, "keepa-deals export: --out {}: cannot write {}: {}\n", o.out, partial, std::strerror(errno));
      std::remove(partial.c_str());
      return 1;
    }
  }
  if (std::rename(partial.c_str(), o.out.c_str()) != 0) {
    fmt::print(stderr, "keepa-deals export: --out {}: {}\n", o.out, std::strerror(errno));
    std::remove(partial.c_str());
    return 1;
  }
  fmt::print(stderr, "{} deals written to {}\n", deals.size(), o.out);
  return 0;
}

const app::command_registration export_registration{"export", [](CLI::App& root) {
  auto* cmd = root.add_subcommand(
      "export",
      "Write the stored deals as CSV or JSON, best profit first: money in dollars, times\n"
      "ISO-8601 UTC, the ASIN as quoted text (leading zeros kept), Offers as a count and a\n"
      "trend column. --profitable: only the deals_profitable view (the node's [deals]\n"
      "min_profit and min_margin). The file is opened read-only.");
  auto options = std::make_shared<export_options>();
  cmd->add_option("--db", options->db, "the database file")->capture_default_str();
  cmd->add_option("--format", options->format, "csv or json")
      ->check(CLI::IsMember({"csv", "json"}))
      ->capture_default_str();
  cmd->add_option("--out", options->out, "write here instead of stdout");
  cmd->add_flag("--profitable", options->profitable, "only deals meeting the deal criteria");
  cmd->callback([options] {
    if (int rc = run_export(*options))
      throw CLI::RuntimeError(rc);
  });
}};

} // namespace
