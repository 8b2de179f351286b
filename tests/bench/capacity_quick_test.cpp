// `keepa-bench capacity --quick` as the suite runs it: only relations that
// must hold whatever the figures are.
#include "tests/e2e/shell_command.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace {

// The integer member `key` of the JSON object for `mode` (the bench writes
// one object per mode, "mode" first).
std::int64_t member(const std::string& json, const std::string& mode, const std::string& key) {
  const auto at = json.find("{\"mode\":\"" + mode + "\"");
  REQUIRE(at != std::string::npos);
  const auto end = json.find("\"live_by_hour\"", at);
  const auto k = json.find("\"" + key + "\":", at);
  REQUIRE(k < end);
  return std::stoll(json.substr(k + key.size() + 3));
}

} // namespace

TEST_CASE("capacity --quick: optimal keeps at least as many deals as hybrid, hybrid as heavy-only; no 429; the "
          "node's tokens are the mock's") {
  const auto json_file = std::filesystem::temp_directory_path() / ("kd-capacity-" + std::to_string(::getpid()) + ".json");
  const auto r = e2e::run_shell(std::string(KEEPA_BENCH_BINARY) + " capacity --quick --json " + json_file.string());
  INFO(r.out);
  REQUIRE(r.exit_code == 0);
  std::stringstream text;
  text << std::ifstream(json_file).rdbuf();
  std::filesystem::remove(json_file);
  const auto json = text.str();
  INFO(json);
  const auto live = [&](const char* mode) { return member(json, mode, "live_end"); };
  CHECK(live("optimal") >= live("hybrid"));
  CHECK(live("hybrid") >= live("heavy-only"));
  CHECK(live("heavy-only") > 0);
  for (const char* mode : {"heavy-only", "hybrid", "optimal"}) {
    INFO(mode);
    CHECK(member(json, mode, "responses_429") == 0);
    CHECK(member(json, mode, "total") == member(json, mode, "mock_tokens_total"));
    CHECK(member(json, mode, "mock_tokens_total") > 0);
  }
  CHECK(member(json, "optimal", "deleted_while_in_feed") == 0);
}
