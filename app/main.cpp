// keepa-deals: keeps a database of Amazon book deals fresh from the Keepa API.
#include "app/build_info.hpp"
#include "app/command.hpp"

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <map>
#include <string>

namespace app {
namespace {
std::map<std::string, command_setup>& registry() {
  static std::map<std::string, command_setup> setups;
  return setups;
}
} // namespace

command_registration::command_registration(const char* name, command_setup setup) { registry().emplace(name, setup); }

} // namespace app

int main(int argc, char** argv) {
  CLI::App root{"keepa-deals: keeps a database of Amazon book deals fresh from the Keepa API,\n"
                "spending as few Keepa tokens as possible."};
  root.set_version_flag("--version", std::string("keepa-deals ") + app::project_version());
  root.require_subcommand(1);
  // Logs go to stderr, so stdout carries only a command's results.
  spdlog::set_default_logger(spdlog::stderr_color_mt("keepa-deals"));
  for (const auto& [name, setup] : app::registry())
    setup(root);
  try {
    root.parse(argc, argv);
  } catch (const CLI::Error& e) {  // parse errors, and commands exiting non-zero
    return root.exit(e);
  }
  return 0;
}
