// `[log] format = "json"` and `[log] file`: every line is a JSON object, the
// file is created owner-only, and the API key appears nowhere, although the
// node logs the URL it failed to reach. The node runs once against a port
// where nothing listens, so it logs failures and never waits for tokens
// (the balance it cannot read is taken as one minute's refill).
#include "tests/app/run_binary.hpp"

#include <catch2/catch.hpp>
#include <simdjson.h>

#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

using namespace app_test;

TEST_CASE("JSON log lines parse, go to a 0600 file and hold no API key") {
  temp_dir dir;
  {
    std::ofstream config(dir.file("node.toml"));
    // Two tries rather than eight: the same failure without 24 s of back-off.
    config << "[keepa]\nurl = \"http://127.0.0.1:9\"\nmax_attempts = 2\n[log]\nformat = \"json\"\nfile = \"node.log\"\n";
  }
  const std::string secret = "sekrit-KEY-0123456789abcdef";
  ::setenv("KEEPA_API_KEY", secret.c_str(), 1);
  const auto r = keepa_deals(dir, "run --config node.toml --db deals.db --once --only refill");
  ::unsetenv("KEEPA_API_KEY");
  CHECK(r.exit_code == 1);  // the refill run failed: nothing listens there

  struct stat st{};
  REQUIRE(::stat(dir.file("node.log").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  const std::string log = slurp(dir.file("node.log"));
  CHECK(log.find(secret) == std::string::npos);
  CHECK(r.err.find(secret) == std::string::npos);
  CHECK(r.out.find(secret) == std::string::npos);

  simdjson::dom::parser parser;
  std::istringstream in(log);
  std::string line;
  int parsed = 0;
  bool saw_warning = false;
  while (std::getline(in, line)) {
    simdjson::dom::element e;
    INFO(line);
    REQUIRE(parser.parse(line).get(e) == simdjson::SUCCESS);
    CHECK(e["time"].is_string());
    CHECK(std::string_view(e["logger"].get_string()) == "keepa-deals");
    const std::string_view level = e["level"].get_string();
    saw_warning = saw_warning || level == "warning" || level == "error";
    CHECK(e["message"].is_string());
    ++parsed;
  }
  CHECK(parsed >= 2);
  CHECK(saw_warning);
}
