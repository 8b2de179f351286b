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

class child_process {
public:
  // `keepa_key`: the KEEPA_API_KEY it gets; empty: none (a run with a key and
  // no --keepa-url would talk to Keepa itself).
  explicit child_process(std::vector<std::string> args, const std::string& keepa_key = {}) {
    int out[2];
    REQUIRE(::pipe(out) == 0);
    pid_ = ::fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      ::dup2(out[1], STDOUT_FILENO);
      ::dup2(out[1], STDERR_FILENO);
      ::close(out[0]);
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
    fd_ = out[0];
  }
  ~child_process() {
    if (pid_ > 0 && !reaped_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    if (fd_ >= 0)
      ::close(fd_);
  }
  child_process(const child_process&) = delete;
  child_process& operator=(const child_process&) = delete;

  // Reads lines until one holds `needle`; "" at the end of its output, or
  // once `patience` passes without a byte (so a test fails, never hangs).
  std::string read_until(const std::string& needle, int patience_ms = 60'000) {
    char c;
    std::string line;
    for (;;) {
      pollfd ready{fd_, POLLIN, 0};
      if (::poll(&ready, 1, patience_ms) <= 0 || ::read(fd_, &c, 1) != 1)
        break;
      output_ += c;
      if (c != '\n') {
        line += c;
        continue;
      }
      if (line.find(needle) != std::string::npos)
        return line;
      line.clear();
    }
    return {};
  }

  // SIGTERM, then everything it still prints, then its exit status (-1 if it did not exit normally).
  int stop() {
    ::kill(pid_, SIGTERM);
    read_until("\x01 no such line");
    int status = 0;
    ::waitpid(pid_, &status, 0);
    reaped_ = true;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  const std::string& output() const { return output_; }

private:
  pid_t pid_ = -1;
  int fd_ = -1;
  bool reaped_ = false;
  std::string output_;
};

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
