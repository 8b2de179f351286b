// `inspect` and `analyze` given what is not a JSON file: a directory is a
// usage error naming it (exit 2), a gzipped response is read as Keepa sends
// it, and a broken gzip is named as gzip.
#include "tests/e2e/shell_command.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;

const std::string binary = KEEPA_DEALS_BINARY;

struct scratch {
  fs::path dir = fs::temp_directory_path() / ("kd-app-inputs-" + std::to_string(::getpid()));
  scratch() {
    fs::create_directories(dir / "captures");
    // Two synthetic books as a /product response, and the same bytes gzipped.
    REQUIRE(e2e::run_shell(binary + " generate --products 2 --seed 7 --history=1 > " + json().string()).exit_code == 0);
    REQUIRE(e2e::run_shell("gzip -c " + json().string() + " > " + gz().string()).exit_code == 0);
  }
  ~scratch() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  fs::path json() const { return dir / "captures" / "two.json"; }
  fs::path gz() const { return dir / "captures" / "two.json.gz"; }
};

// The command's stdout only, with each file's own name taken out.
std::string output_of(const std::string& command, const fs::path& file) {
  auto r = e2e::run_shell("(" + binary + " " + command + " " + file.string() + " 2>/dev/null)");
  REQUIRE(r.exit_code == 0);
  for (auto at = r.out.find(file.string()); at != std::string::npos; at = r.out.find(file.string(), at))
    r.out.replace(at, file.string().size(), "FILE");
  return r.out;
}

} // namespace

TEST_CASE("inspect and analyze refuse a directory given as FILE, naming it, with exit status 2") {
  scratch s;
  const auto dir = (s.dir / "captures").string();
  for (const std::string command : {"inspect", "analyze"}) {
    INFO(command);
    auto r = e2e::run_shell(binary + " " + command + " " + dir);
    INFO(r.out);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.out, Catch::Contains(dir + " is a directory"));
    CHECK_THAT(r.out, !Catch::Contains("ios_failure") && !Catch::Contains("Empty"));
    // With a good file beside it: still refused, and nothing printed for either.
    r = e2e::run_shell("(" + binary + " " + command + " " + s.json().string() + " " + dir + " 2>/dev/null)");
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
  }
}

TEST_CASE("inspect and analyze read a gzipped response as the JSON inside it") {
  scratch s;
  for (const std::string command : {"inspect", "analyze"}) {
    INFO(command);
    const auto plain = output_of(command, s.json());
    CHECK_FALSE(plain.empty());
    CHECK(output_of(command, s.gz()) == plain);
  }
}

TEST_CASE("a gzip file that does not inflate is named as gzip") {
  scratch s;
  const auto broken = s.dir / "broken.json.gz";
  REQUIRE(e2e::run_shell("head -c 200 " + s.gz().string() + " > " + broken.string()).exit_code == 0);
  for (const std::string command : {"inspect", "analyze"}) {
    INFO(command);
    auto r = e2e::run_shell(binary + " " + command + " " + broken.string());
    INFO(r.out);
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.out, Catch::Contains(broken.string()) && Catch::Contains("is gzip"));
  }
}
