// `keepa-deals --help` lists every subcommand, by name. The commands register
// themselves from static objects, whose order follows the link and the unity
// build's batches; the list must not.
#include "tests/app/run_binary.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>

using namespace app_test;

TEST_CASE("help lists every subcommand in alphabetical order") {
  temp_dir dir;
  const run_result r = keepa_deals(dir, "--help");
  CHECK(r.exit_code == 0);
  const auto listed = r.out.find("Subcommands:\n");
  REQUIRE(listed != std::string::npos);
  std::istringstream lines(r.out.substr(listed));
  std::string line;
  std::vector<std::string> names;
  while (std::getline(lines, line)) {
    // A subcommand's line starts with two spaces and its name; its help's
    // continuation lines are indented further.
    if (line.size() > 2 && line.starts_with("  ") && line[2] != ' ')
      names.push_back(line.substr(2, line.find(' ', 2) - 2));
  }
  const std::vector<std::string> expected = {"analyze", "export", "generate", "inspect",
                                             "mock-server", "replay", "run", "status"};
  CHECK(names == expected);
  CHECK(std::is_sorted(names.begin(), names.end()));
}
