// Subcommands register themselves here, one file each (app/cmd_*.cpp), so
// main.cpp never changes when a command is added.
#pragma once

namespace CLI {
class App;
}

namespace app {

// Adds one subcommand to the root parser. The subcommand's callback does the
// work and throws CLI::RuntimeError(code) to exit non-zero.
using command_setup = void (*)(CLI::App& root);

// `name` orders --help's list (by name, whatever order the files' statics
// run in); the setup adds the subcommand of that name.
struct command_registration {
  command_registration(const char* name, command_setup setup);
};

} // namespace app
