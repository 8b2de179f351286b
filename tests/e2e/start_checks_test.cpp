// What the node refuses before it spends a token: Keepa without a key, a
// malformed URL, a saved watermark it cannot read.
#include "mock/mock_server.hpp"
#include "shell_command.hpp"
#include "storage/deal_store.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace {

// Without the caller's KEEPA_API_KEY, whatever the environment of the suite.
e2e::process_result run(const std::string& env_and_args) { return e2e::run_shell("env -u KEEPA_API_KEY " + env_and_args); }

const std::filesystem::path dir = std::filesystem::temp_directory_path() / ("kd-e2e-start-" + std::to_string(::getpid()));

} // namespace

TEST_CASE("Keepa itself without KEEPA_API_KEY is refused at start, saying so") {
  std::filesystem::create_directories(dir);
  const auto config = dir / "live.toml";
  std::ofstream(config) << "[keepa]\nurl = \"https://api.keepa.com\"\n";
  auto r = run(std::string(KEEPA_DEALS_BINARY) + " run --config " + config.string() + " --db " +
               (dir / "a.db").string());
  INFO(r.out);
  CHECK(r.exit_code == 2);
  CHECK(r.out.find("KEEPA_API_KEY") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir / "a.db"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("a malformed --keepa-url is refused at start") {
  auto r = run(std::string(KEEPA_DEALS_BINARY) + " run --keepa-url ftp:/nowhere --db /nonexistent/dir/x.db");
  INFO(r.out);
  CHECK(r.exit_code == 2);
  CHECK(r.out.find("--keepa-url") != std::string::npos);
}

TEST_CASE("a saved watermark that is not a Keepa minute stops the node with the key and the value") {
  std::filesystem::create_directories(dir);
  const auto db = dir / "w.db";
  {
    storage::deal_store store{db};
    store.set_state({"refiller.watermark", "garbage", 1});
  }
  mock::server_options options;
  options.universe_products = 50;
  options.simulated_clock = true;
  mock::mock_server server{options};
  server.start();
  auto r = run("KEEPA_API_KEY=any " + std::string(KEEPA_DEALS_BINARY) + " run --once --only refill --keepa-url " +
               "http://127.0.0.1:" + std::to_string(server.port()) + " --db " + db.string());
  server.stop();
  INFO(r.out);
  CHECK(r.exit_code == 2);
  CHECK(r.out.find("refiller.watermark = 'garbage'") != std::string::npos);
  std::filesystem::remove_all(dir);
}

namespace {

// Root writes read-only files anyway, so as root the binary runs as nobody
// (setpriv): the test then sees what an ordinary service user would.
std::string as_unprivileged(const std::string& command) {
  if (::geteuid() != 0) return command;
  return "setpriv --reuid=65534 --regid=65534 --clear-groups " + command;
}

// A store made and closed by the test: its tables exist, its WAL is gone.
void make_store(const std::filesystem::path& db) {
  storage::deal_store store{db};
  store.set_state({"made.by", "the test", 1});
}

std::string demo_run(const std::filesystem::path& db) {
  return std::string(KEEPA_DEALS_BINARY) + " run --demo-products 5 --db " + db.string();
}

} // namespace

TEST_CASE("a read-only database file is refused at start, naming the file") {
  const auto ro = dir / "ro-file";
  std::filesystem::create_directories(ro);
  const auto db = ro / "deals.db";
  make_store(db);
  std::filesystem::permissions(db, std::filesystem::perms(0444));
  const auto before = std::filesystem::file_size(db);
  auto r = run(as_unprivileged(demo_run(db)));
  INFO(r.out);
  CHECK(r.exit_code == 2);
  CHECK(r.out.find(db.string()) != std::string::npos);
  CHECK(r.out.find("read-only") != std::string::npos);
  CHECK(r.out.find("pass 1") == std::string::npos);  // nothing was fetched
  CHECK(std::filesystem::file_size(db) == before);
  std::filesystem::remove_all(dir);
}

TEST_CASE("a database in a read-only directory is refused at start, naming the directory") {
  const auto ro = dir / "ro-dir";
  std::filesystem::create_directories(ro);
  const auto db = ro / "deals.db";
  make_store(db);
  // The file itself may be written; its -wal and -shm could not be created.
  std::filesystem::permissions(db, std::filesystem::perms(0666));
  std::filesystem::permissions(ro, std::filesystem::perms(0555));
  auto r = run(as_unprivileged(demo_run(db)));
  std::filesystem::permissions(ro, std::filesystem::perms(0755));
  INFO(r.out);
  CHECK(r.exit_code == 2);
  CHECK(r.out.find(db.string()) != std::string::npos);
  CHECK(r.out.find("directory " + ro.string() + " is not writable") != std::string::npos);
  CHECK(r.out.find("pass 1") == std::string::npos);
  CHECK_FALSE(std::filesystem::exists(db.string() + "-wal"));

  // A new file there cannot even be created: the same refusal, said so.
  const auto fresh = ro / "new.db";
  std::filesystem::permissions(ro, std::filesystem::perms(0555));
  r = run(as_unprivileged(demo_run(fresh)));
  std::filesystem::permissions(ro, std::filesystem::perms(0755));
  INFO(r.out);
  CHECK(r.exit_code == 2);
  CHECK(r.out.find(fresh.string()) != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(fresh));
  std::filesystem::remove_all(dir);
}
