// The real binary as a child process whose stdout and stderr come back on one
// pipe, read line by line, so a test can wait for what the node prints, then
// signal it or talk to it while it runs (run_shell waits for the end instead).
#pragma once

#include <catch2/catch.hpp>

#include <csignal>
#include <poll.h>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace e2e {

struct child {
  pid_t pid = -1;
  int err = -1;  // its stderr and stdout: the log and its one line a run
};

// Starts `args` (args[0] the binary's path). `keepa_key`: the KEEPA_API_KEY
// it gets; empty: none (a run with a key and no --keepa-url would talk to
// Keepa itself).
inline child spawn(std::vector<std::string> args, const std::string& keepa_key = "any") {
  int out[2];
  REQUIRE(::pipe(out) == 0);
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::dup2(out[1], STDOUT_FILENO);
    ::dup2(out[1], STDERR_FILENO);
    ::close(out[0]);
    ::close(out[1]);
    if (keepa_key.empty())
      ::unsetenv("KEEPA_API_KEY");
    else
      ::setenv("KEEPA_API_KEY", keepa_key.c_str(), 1);
    std::vector<char*> argv;
    for (auto& a : args)
      argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(out[1]);
  return {pid, out[0]};
}

// Reads the log into `log` until a line holds `needle` (that line), the log
// ends, or `patience_ms` pass without a byte ("" for both: a test fails,
// never hangs).
inline std::string read_line_until(int fd, const std::string& needle, std::string& log, int patience_ms = 60'000) {
  char c;
  std::string line;
  for (;;) {
    pollfd ready{fd, POLLIN, 0};
    if (::poll(&ready, 1, patience_ms) <= 0 || ::read(fd, &c, 1) != 1)
      return {};
    log += c;
    if (c != '\n') {
      line += c;
      continue;
    }
    if (line.find(needle) != std::string::npos)
      return line;
    line.clear();
  }
}

inline bool read_until(int fd, const std::string& needle, std::string& log) {
  return !read_line_until(fd, needle, log).empty();
}

// Reads the rest of the log and waits for the exit; the exit status, or -1
// when a signal ended the child.
inline int finish(child& c, std::string& log) {
  read_line_until(c.err, "\x01 no such line", log);
  int status = 0;
  ::waitpid(c.pid, &status, 0);
  ::close(c.err);
  c.err = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// The same, owned: killed and reaped if the test ends early.
class child_process {
public:
  explicit child_process(std::vector<std::string> args, const std::string& keepa_key = {})
      : child_(spawn(std::move(args), keepa_key)) {}
  ~child_process() {
    if (!reaped_) {
      ::kill(child_.pid, SIGKILL);
      ::waitpid(child_.pid, nullptr, 0);
    }
    if (child_.err >= 0)
      ::close(child_.err);
  }
  child_process(const child_process&) = delete;
  child_process& operator=(const child_process&) = delete;

  std::string read_until(const std::string& needle) { return read_line_until(child_.err, needle, output_); }

  // SIGTERM, then everything it still prints, then its exit status (-1 if it did not exit normally).
  int stop() {
    ::kill(child_.pid, SIGTERM);
    reaped_ = true;
    return finish(child_, output_);
  }

  const std::string& output() const { return output_; }

private:
  child child_;
  bool reaped_ = false;
  std::string output_;
};

} // namespace e2e
