// Runs a shell command line (the binary, with its environment) and collects
// its exit code and everything it printed, stderr included, so tests can read
// the log too.
#pragma once

#include <catch2/catch.hpp>

#include <cstdio>
#include <string>
#include <sys/wait.h>

namespace e2e {

struct process_result {
  int exit_code = -1;
  std::string out;
};

inline process_result run_shell(const std::string& command_line) {
  const std::string command = command_line + " 2>&1";
  process_result r;
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe);
  char buffer[4096];
  while (auto n = std::fread(buffer, 1, sizeof buffer, pipe))
    r.out.append(buffer, n);
  const int status = ::pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

} // namespace e2e
