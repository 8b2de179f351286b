// The binary as a child process the test can signal, limit and read the log
// of while it runs (run_shell waits for the end instead).
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace e2e {

struct child {
  pid_t pid = -1;
  int err = -1;  // its stderr and stdout: the log and its one line a run
};

// Starts `args` (args[0] the binary's path) with KEEPA_API_KEY set; its
// stderr and stdout come back through child::err.
inline child spawn(std::vector<std::string> args) {
  int err[2];
  REQUIRE(::pipe(err) == 0);
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::dup2(err[1], STDERR_FILENO);
    ::dup2(err[1], STDOUT_FILENO);
    ::close(err[0]);
    ::close(err[1]);
    ::setenv("KEEPA_API_KEY", "any", 1);
    std::vector<char*> argv;
    for (auto& a : args)
      argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(err[1]);
  return {pid, err[0]};
}

// Reads the log until a line holds `needle` (true) or the log ends (false).
inline bool read_until(int fd, const std::string& needle, std::string& log) {
  char c;
  std::string line;
  while (::read(fd, &c, 1) == 1) {
    log += c;
    if (c != '\n') {
      line += c;
      continue;
    }
    if (line.find(needle) != std::string::npos)
      return true;
    line.clear();
  }
  return false;
}

// Reads the rest of the log and waits for the exit; the exit status, or -1
// when a signal ended the child.
inline int finish(child& c, std::string& log) {
  read_until(c.err, "\x01 no such line", log);
  int status = 0;
  ::waitpid(c.pid, &status, 0);
  ::close(c.err);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

} // namespace e2e
