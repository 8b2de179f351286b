// The built binary: `keepa-deals mock-server --port 0` prints the listening
// line, answers over HTTP, and exits cleanly on SIGTERM.
#include "http_client.hpp"
#include "json_probe.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using namespace mock_test;

namespace {

struct child {
  pid_t pid = -1;
  int out = -1;  // its stdout
  int err = -1;  // its stderr
};

child spawn(std::vector<std::string> args) {
  int out[2], err[2];
  REQUIRE(pipe(out) == 0);
  REQUIRE(pipe(err) == 0);
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    dup2(err[1], STDERR_FILENO);
    close(out[0]);
    close(err[0]);
    std::vector<char*> argv;
    for (auto& a : args)
      argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(out[1]);
  close(err[1]);
  return {pid, out[0], err[0]};
}

// Reads up to the first newline (the line the server prints once it listens).
std::string read_line(int fd) {
  std::string line;
  char c;
  while (read(fd, &c, 1) == 1 && c != '\n')
    line += c;
  return line;
}

std::string read_all(int fd) {
  std::string text;
  char buf[4096];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0)
    text.append(buf, static_cast<std::size_t>(n));
  return text;
}

int exit_status(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

} // namespace

TEST_CASE("keepa-deals mock-server --port 0 prints its address, answers, and stops on SIGTERM", "[cli]") {
  child server = spawn({KEEPA_DEALS_BINARY, "mock-server", "--port", "0", "--universe", "50", "--seed", "3",
                        "--token-rate", "20", "--simulated-clock", "--start", "2027-03-15T12:30:00Z"});
  const std::string line = read_line(server.out);
  const std::string prefix = "listening on http://127.0.0.1:";
  REQUIRE(line.rfind(prefix, 0) == 0);
  const int port = std::stoi(line.substr(prefix.size()));
  CHECK(port > 0);

  http_client client(static_cast<std::uint16_t>(port));
  const auto token = client.get("/token?key=any-key");
  CHECK(token.status == 200);
  CHECK(token.content_encoding == "gzip");
  CHECK(json_int(token.body, "/refillRate") == 20);
  CHECK(json_int(token.body, "/tokensLeft") == 1200);
  CHECK(json_int(token.body, "/timestamp") == 1'805'113'800'000);  // --start, on the simulated clock
  CHECK(client.post("/mock/advance?minutes=5", "").status == 200);
  CHECK(json_int(client.get("/token?key=any-key").body, "/timestamp") == 1'805'114'100'000);

  kill(server.pid, SIGTERM);
  CHECK(exit_status(server.pid) == 0);
  CHECK(read_all(server.out).empty());  // nothing after the listening line
  close(server.out);
  close(server.err);
}

TEST_CASE("keepa-deals mock-server refuses a non-loopback address and says why", "[cli]") {
  child server = spawn({KEEPA_DEALS_BINARY, "mock-server", "--port", "0", "--address", "0.0.0.0"});
  const std::string errors = read_all(server.err);
  CHECK(exit_status(server.pid) == 1);
  CHECK_THAT(errors, Catch::Contains("127.0.0.1 only") && Catch::Contains("0.0.0.0"));
  close(server.out);
  close(server.err);
}

TEST_CASE("keepa-deals mock-server refuses a --start that is not a UTC time, naming the flag", "[cli]") {
  for (const char* bad : {"yesterday", "2026-02-30T00:00:00Z", "2026-11-01 00:00:00", "1969-12-31T23:59:59Z"}) {
    INFO(bad);
    child server = spawn({KEEPA_DEALS_BINARY, "mock-server", "--port", "0", "--start", bad});
    const std::string errors = read_all(server.err);
    CHECK(exit_status(server.pid) != 0);
    CHECK_THAT(errors, Catch::Contains("--start") && Catch::Contains(bad));
    CHECK(read_all(server.out).empty());  // it never listened
    close(server.out);
    close(server.err);
  }
}

TEST_CASE("keepa-deals mock-server without --start runs on the wall clock", "[cli]") {
  // Interactive use: envelopes look current. Only the relation to this
  // process's clock is checked, which holds on any date.
  child server = spawn({KEEPA_DEALS_BINARY, "mock-server", "--port", "0", "--universe", "10"});
  const std::string line = read_line(server.out);
  const std::string prefix = "listening on http://127.0.0.1:";
  REQUIRE(line.rfind(prefix, 0) == 0);
  http_client client(static_cast<std::uint16_t>(std::stoi(line.substr(prefix.size()))));
  const auto served = json_int(client.get("/token?key=any-key").body, "/timestamp");
  const auto here = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count();
  CHECK(std::abs(served - here) < 10 * 60'000);  // libfaketime starts each process's clock anew: allow minutes
  kill(server.pid, SIGTERM);
  CHECK(exit_status(server.pid) == 0);
  close(server.out);
  close(server.err);
}
