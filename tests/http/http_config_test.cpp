// [http] listen: off by default, loopback only unless allow_remote = true,
// and every refusal says what to change. The binary is run; nothing binds a
// non-loopback address.
#include "tests/e2e/child_process.hpp"
#include "net/http_server.hpp"
#include "net/listen_address.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

namespace {

struct run_result {
  int exit_code = -1;
  std::string output;
};

run_result run_binary(std::vector<std::string> args) {
  args.insert(args.begin(), KEEPA_DEALS_BINARY);
  e2e::child_process p(std::move(args));
  p.read_until("\x01 to the end");
  run_result r;
  r.exit_code = p.stop();
  r.output = p.output();
  return r;
}

struct temp_dir {
  std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("kd-http-config-" + std::to_string(::getpid()));
  temp_dir() { std::filesystem::create_directories(path); }
  ~temp_dir() { std::filesystem::remove_all(path); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(path / name) << text;
    return (path / name).string();
  }
};

} // namespace

TEST_CASE("listen addresses: loopback is told from the rest, malformed ones are named") {
  CHECK(net::parse_listen_address("127.0.0.1:8088").loopback);
  CHECK(net::parse_listen_address("127.3.4.5:0").loopback);
  CHECK(net::parse_listen_address("[::1]:8088").loopback);
  CHECK(net::parse_listen_address("[::1]:8088").host == "::1");
  CHECK(net::parse_listen_address("localhost:9").host == "127.0.0.1");
  CHECK_FALSE(net::parse_listen_address("0.0.0.0:8088").loopback);
  CHECK_FALSE(net::parse_listen_address("192.168.1.4:80").loopback);
  CHECK_FALSE(net::parse_listen_address("[::]:80").loopback);
  CHECK(net::parse_listen_address("127.0.0.1:65535").port == 65535);
  CHECK_THROWS_WITH(net::parse_listen_address("127.0.0.1"), Catch::Contains("host:port"));
  CHECK_THROWS_WITH(net::parse_listen_address("127.0.0.1:65536"), Catch::Contains("0..65535"));
  CHECK_THROWS_WITH(net::parse_listen_address("127.0.0.1:80x"), Catch::Contains("0..65535"));
  CHECK_THROWS_WITH(net::parse_listen_address("example.com:80"), Catch::Contains("IP address or localhost"));
}

TEST_CASE("the node refuses 0.0.0.0 without allow_remote, from the config file and from the flag") {
  temp_dir dir;
  const auto db = (dir.path / "deals.db").string();
  const auto config = dir.write("remote.toml", "[http]\nlisten = \"0.0.0.0:8088\"\n");
  const auto from_file = run_binary({"run", "--config", config, "--keepa-url", "http://127.0.0.1:9", "--db", db});
  INFO(from_file.output);
  CHECK(from_file.exit_code == 2);
  CHECK(from_file.output.find("config " + config + ": [http] listen: '0.0.0.0:8088' is not a loopback address") !=
        std::string::npos);
  CHECK(from_file.output.find("allow_remote = true") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(db));  // refused before the store was touched

  const auto from_flag =
      run_binary({"run", "--http-listen", "0.0.0.0:0", "--keepa-url", "http://127.0.0.1:9", "--db", db});
  INFO(from_flag.output);
  CHECK(from_flag.exit_code == 2);
  CHECK(from_flag.output.find("'0.0.0.0:0' is not a loopback address") != std::string::npos);

  const auto malformed = dir.write("bad.toml", "[http]\nlisten = \"localhost\"\n");
  const auto bad = run_binary({"run", "--config", malformed, "--keepa-url", "http://127.0.0.1:9", "--db", db});
  CHECK(bad.exit_code == 2);
  CHECK(bad.output.find("[http] listen: listen address 'localhost': expected host:port") != std::string::npos);

  const auto typo = dir.write("typo.toml", "[http]\nlisten = \"127.0.0.1:0\"\nallow = true\n");
  const auto unknown = run_binary({"run", "--config", typo, "--keepa-url", "http://127.0.0.1:9", "--db", db});
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.output.find("[http] allow: unknown key") != std::string::npos);
}

TEST_CASE("allow_remote = true lets a non-loopback address through the config check") {
  // The embedded replay serves no HTTP, so this checks the rule without binding 0.0.0.0.
  temp_dir dir;
  const auto config = dir.write("remote.toml", "[http]\nlisten = \"0.0.0.0:0\"\nallow_remote = true\n");
  const auto r = run_binary({"run", "--config", config, "--demo-products", "5", "--db", (dir.path / "d.db").string()});
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK(r.output.find("only the node serves HTTP") != std::string::npos);
  CHECK(r.output.find("not a loopback address") == std::string::npos);
}

TEST_CASE("a listen port already in use stops the node before it spends a token, naming the address") {
  net::http_server taken({}, [](const net::http_request&) { return net::http_response{}; });
  taken.start();
  temp_dir dir;
  const auto port = std::to_string(taken.port());
  const auto r = run_binary({"run", "--http-listen", "127.0.0.1:" + port, "--keepa-url", "http://127.0.0.1:9",
                             "--db", (dir.path / "deals.db").string()});
  INFO(r.output);
  CHECK(r.exit_code == 2);
  CHECK(r.output.find("[http] listen: cannot listen on 127.0.0.1:" + port) != std::string::npos);
}
