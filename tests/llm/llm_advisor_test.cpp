// The LLM advisor against a scripted chat-completions server on 127.0.0.1:
// answers, cache, daily cap, timeout and failures, and the key kept secret.
#include "analysis/llm_cache.hpp"
#include "analysis/llm_client.hpp"
#include "analysis/seasonality_rules.hpp"
#include "tests/net/server/loopback_server.hpp"

#include <catch2/catch.hpp>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <sstream>
#include <unistd.h>

using namespace std::chrono_literals;
using analysis::book_facts;

namespace {

const std::string api_key = "xai-TESTKEY-0123456789";

std::string chat_reply(const std::string& content) {
  return R"({"id":"c1","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":")" +
         content + R"("},"finish_reason":"stop"}]})";
}

// The scripted server: "No" for books titled "Overpriced", else "Yes"; "Christmas" for
// every season question.
loopback::scripted_reply answer(const loopback::received& r) {
  loopback::scripted_reply reply;
  reply.gzip = false;
  if (r.body.find("selling seasons") != std::string::npos)
    reply.body = chat_reply("Christmas");
  else
    reply.body = chat_reply(r.body.find("Overpriced") != std::string::npos ? "No." : "Yes");
  return reply;
}

struct temp_db {
  std::string path = (std::filesystem::temp_directory_path() /
                      ("llm-cache-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ".sqlite"))
                         .string();
  ~temp_db() { std::filesystem::remove(path); }
  static inline int counter = 0;
};

// The advisor's clock, pinned: the daily cap counts calls per UTC day, so a
// test on the wall clock would see the cap reset if it ran across midnight.
// 2026-11-01 12:00 UTC.
constexpr std::int64_t test_now = 1'793'534'400;

analysis::llm_config config_for(const loopback::server& srv, const std::string& cache_path) {
  analysis::llm_config c;
  c.now_utc = [] { return test_now; };
  c.base_url = srv.base_url() + "/v1";
  c.model = "test-model";
  c.cache_path = cache_path;
  c.timeout = 2s;
  return c;
}

const book_facts cookies{"Cookies for Santa", "Books > Cooking", "Baker House"};
const book_facts pricey{"Overpriced Atlas", "Books > Travel", "Maps Ltd"};

} // namespace

TEST_CASE("answers come from the service: Yes, No and a season label", "[llm]") {
  temp_db db;
  loopback::server srv(answer);
  analysis::llm_advisor advisor(config_for(srv, db.path), api_key);
  CHECK(advisor.list_at_reasonable(cookies, "Christmas", 12, 2399));
  CHECK_FALSE(advisor.list_at_reasonable(pricey, "Travel", 6, 99999));
  CHECK(advisor.pick_season(cookies) == std::optional<std::string>("Christmas"));
  const auto seen = srv.requests();
  REQUIRE(seen.size() == 3);
  CHECK(seen[0].method == "POST");
  CHECK(seen[0].target == "/v1/chat/completions");
  CHECK(seen[0].headers.at("authorization") == "Bearer " + api_key);
  CHECK(seen[0].headers.at("content-type") == "application/json");
  CHECK(seen[0].body.find(R"("model":"test-model","temperature":0.1)") != std::string::npos);
  CHECK(seen[0].body.find("$23.99") != std::string::npos);
  CHECK(advisor.counters().calls == 3);
}

TEST_CASE("the analysis takes the advisor's label when keyword rules say nothing", "[llm]") {
  temp_db db;
  loopback::server srv(answer);
  analysis::llm_advisor advisor(config_for(srv, db.path), api_key);
  const book_facts plain{"A Quiet Story", "Books > Fiction", "Small Press"};
  REQUIRE_FALSE(analysis::classify_by_keywords(plain));
  CHECK(analysis::detailed_seasonality(plain, &advisor) == analysis::season_label::christmas);
}

TEST_CASE("a cached answer is not asked again, even by a new advisor on the same file", "[llm]") {
  temp_db db;
  loopback::server srv(answer);
  {
    analysis::llm_advisor advisor(config_for(srv, db.path), api_key);
    CHECK(advisor.pick_season(cookies) == std::optional<std::string>("Christmas"));
    CHECK(advisor.pick_season(cookies) == std::optional<std::string>("Christmas"));
    CHECK(advisor.counters().cache_hits == 1);
  }
  analysis::llm_advisor again(config_for(srv, db.path), api_key);
  CHECK(again.pick_season(cookies) == std::optional<std::string>("Christmas"));
  CHECK(srv.requests().size() == 1);
  // A different price is a different question.
  CHECK(again.list_at_reasonable(cookies, "Christmas", 12, 2399));
  CHECK(again.list_at_reasonable(cookies, "Christmas", 12, 2499));
  CHECK(srv.requests().size() == 3);
}

TEST_CASE("the daily cap stops calls and gives the defaults", "[llm]") {
  temp_db db;
  loopback::server srv(answer);
  auto config = config_for(srv, db.path);
  config.daily_cap = 2;
  analysis::llm_advisor advisor(config, api_key);
  CHECK_FALSE(advisor.list_at_reasonable(pricey, "Travel", 6, 100));  // call 1: "No"
  CHECK(advisor.pick_season(pricey) == std::optional<std::string>("Christmas"));  // call 2
  const book_facts third{"Third Book", "Books", "P"};
  CHECK_FALSE(advisor.pick_season(third));  // capped: no opinion -> Year-round
  CHECK(advisor.list_at_reasonable(pricey, "Travel", 6, 200));  // capped: reasonable
  CHECK(srv.requests().size() == 2);
  CHECK(advisor.counters().capped == 2);
  analysis::llm_cache cache(db.path);
  CHECK(cache.calls_on(test_now) == 2);
}

TEST_CASE("the daily cap counts by UTC day: the next day calls are made again", "[llm]") {
  temp_db db;
  loopback::server srv(answer);
  auto config = config_for(srv, db.path);
  config.daily_cap = 1;
  auto now = std::make_shared<std::atomic<std::int64_t>>(test_now);
  config.now_utc = [now] { return now->load(); };
  analysis::llm_advisor advisor(config, api_key);
  CHECK(advisor.pick_season(pricey) == std::optional<std::string>("Christmas"));  // the day's one call
  const book_facts second{"Second Book", "Books", "P"};
  CHECK_FALSE(advisor.pick_season(second));  // capped
  *now += 12 * 3600;  // 2026-11-02 00:00 UTC: a new day
  CHECK(advisor.pick_season(second) == std::optional<std::string>("Christmas"));
  CHECK(srv.requests().size() == 2);
  analysis::llm_cache cache(db.path);
  CHECK(cache.calls_on(test_now) == 1);
  CHECK(cache.calls_on(test_now + 12 * 3600) == 1);
}

TEST_CASE("a service that hangs times out into the defaults, uncached", "[llm]") {
  temp_db db;
  loopback::server srv([](const loopback::received& r) {
    auto reply = answer(r);
    reply.fault_kind = loopback::fault::hang;
    return reply;
  });
  auto config = config_for(srv, db.path);
  config.timeout = 300ms;
  analysis::llm_advisor advisor(config, api_key);
  CHECK(advisor.list_at_reasonable(pricey, "Travel", 6, 99999));
  CHECK_FALSE(advisor.pick_season(pricey));
  CHECK(advisor.counters().failures == 2);
  CHECK_FALSE(advisor.pick_season(pricey));  // asked again: failures are not cached
  CHECK(srv.requests().size() == 3);
}

TEST_CASE("HTTP 500 and unusable answers give the defaults; the key is never logged", "[llm]") {
  std::ostringstream lines;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(lines);
  spdlog::default_logger()->sinks().push_back(sink);
  const auto old_level = spdlog::get_level();
  spdlog::set_level(spdlog::level::trace);
  {
    temp_db db;
    auto served = std::make_shared<std::atomic<int>>(0);
    loopback::server srv([served](const loopback::received& r) {
      loopback::scripted_reply reply = answer(r);
      switch (served->fetch_add(1)) {
        case 0: reply.status = 500; reply.body = R"({"error":"boom"})"; break;
        case 1: reply.body = chat_reply("Maybe, it depends"); break;
        case 2: reply.body = "not json at all"; break;
        default: break;
      }
      return reply;
    });
    analysis::llm_advisor advisor(config_for(srv, db.path), api_key);
    CHECK(advisor.list_at_reasonable(pricey, "Travel", 6, 99999));  // 500 -> reasonable
    CHECK(advisor.list_at_reasonable(pricey, "Travel", 6, 99999));  // "Maybe" -> reasonable
    CHECK_FALSE(advisor.pick_season(pricey));                          // not JSON -> no label
    CHECK_FALSE(advisor.list_at_reasonable(pricey, "Travel", 6, 99999));  // now the real "No"
    CHECK(advisor.counters().failures == 3);
  }
  spdlog::default_logger()->flush();
  auto& sinks = spdlog::default_logger()->sinks();
  sinks.erase(std::remove(sinks.begin(), sinks.end(), sink), sinks.end());
  spdlog::set_level(old_level);
  const auto text = lines.str();
  CHECK(text.find("HTTP 500") != std::string::npos);
  CHECK(text.find("unusable answer 'Maybe, it depends'") != std::string::npos);
  CHECK(text.find("not JSON") != std::string::npos);
  CHECK(text.find("TESTKEY") == std::string::npos);
}

TEST_CASE("the checks are off unless a base URL and a key are configured", "[llm]") {
  temp_db db;
  analysis::llm_config config;
  config.cache_path = db.path;
  config.api_key_env = "KEEPA_DEALS_TEST_LLM_KEY";
  ::unsetenv("KEEPA_DEALS_TEST_LLM_KEY");
  CHECK_FALSE(analysis::make_llm_advisor(config));  // no base URL
  config.base_url = "http://127.0.0.1:9/v1";
  CHECK_FALSE(analysis::make_llm_advisor(config));  // no key in the environment
  ::setenv("KEEPA_DEALS_TEST_LLM_KEY", "", 1);
  CHECK_FALSE(analysis::make_llm_advisor(config));  // empty key
  ::setenv("KEEPA_DEALS_TEST_LLM_KEY", "k", 1);
  CHECK(analysis::make_llm_advisor(config));
  ::unsetenv("KEEPA_DEALS_TEST_LLM_KEY");
}
