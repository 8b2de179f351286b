// The optional LLM checks wired into the binary's pipeline: with
// [analysis.llm] pointing at a scripted chat-completions server on 127.0.0.1 that
// judges every List at unreasonable, no deal is written, the server sees the
// key only in its Authorization header, and the key is in no log line.
#include "storage/deal_store.hpp"
#include "tests/net/server/loopback_server.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sys/wait.h>

namespace {

constexpr const char* llm_key = "llm-k3y-never-logged";

std::string chat_reply(const std::string& content) {
  return R"({"id":"c1","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":")" +
         content + R"("},"finish_reason":"stop"}]})";
}

} // namespace

TEST_CASE("run with the LLM checks configured asks the service and honours its No") {
  loopback::server chat([](const loopback::received&) {
    loopback::scripted_reply r;
    r.body = chat_reply("No");
    r.gzip = false;
    return r;
  });
  const auto dir = std::filesystem::temp_directory_path() / ("kd-e2e-llm-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto config = dir / "keepa-deals.toml";
  {
    std::ofstream out(config);
    out << "[store]\ndb = \"" << (dir / "deals.db").string() << "\"\n"
        << "[analysis.llm]\nbase_url = \"" << chat.base_url() << "\"\n"
        << "api_key_env = \"KD_TEST_LLM_KEY\"\n"
        << "cache_path = \"" << (dir / "llm.sqlite").string() << "\"\n";
  }
  const std::string command = std::string("KD_TEST_LLM_KEY=") + llm_key + " " + KEEPA_DEALS_BINARY +
                              " run --demo-products 12 --config " + config.string() + " 2>&1";
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe);
  char buffer[4096];
  while (auto n = std::fread(buffer, 1, sizeof buffer, pipe))
    out.append(buffer, n);
  const int status = ::pclose(pipe);
  INFO(out);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CHECK(out.find(llm_key) == std::string::npos);

  const auto seen = chat.requests();
  REQUIRE_FALSE(seen.empty());
  CHECK(seen.front().headers.at("authorization") == std::string("Bearer ") + llm_key);
  storage::deal_store store{dir / "deals.db"};
  CHECK(store.deal_count() == 0);  // every List at was judged unreasonable
  std::filesystem::remove_all(dir);
}
