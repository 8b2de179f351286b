// The capture's parts without a node: the writer's files, the index's
// errors, and how the replay source answers (and refuses to make up) what
// a node asks.
#include "capture/capture_index.hpp"
#include "capture/capture_source.hpp"
#include "capture/capture_writer.hpp"
#include "keepa/client_query.hpp"
#include "net/gzip.hpp"

#include "tests/fixtures/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace {
namespace fs = std::filesystem;

std::string read_all(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

capture::session_header header(bool once = true) {
  return {.session = 0, .mode = "optimal", .once = once, .jobs = {"refill"}, .token_rate = 5};
}

std::string envelope(std::int64_t ts, int left, int consumed) {
  return R"("timestamp":)" + std::to_string(ts) + R"(,"tokensLeft":)" + std::to_string(left) +
         R"(,"refillIn":60000,"refillRate":5,"tokensConsumed":)" + std::to_string(consumed);
}

std::string product_body(const std::vector<std::string>& asins, std::int64_t ts, int consumed) {
  std::string products;
  for (const auto& a : asins)
    products += (products.empty() ? "" : ",") + std::string(R"({"asin":")") + a + R"(","title":"Book )" + a + R"("})";
  return "{" + envelope(ts, 100, consumed) + R"(,"products":[)" + products + "]}";
}

// Records one call the way the client reports it.
void record(capture::capture_writer& w, std::uint64_t call, std::string_view path, const std::string& query,
            int status, const std::string& body) {
  keepa::exchange e;
  e.call = call;
  e.path = path;
  e.query = query;
  e.status = status;
  e.body = body;
  e.failure = status == 0 ? "GET /product: timed out" : "";
  w.record(e);
}

keepa::product_request light() {
  keepa::product_request r;
  r.history = false;
  r.stats_days = 90;
  return r;
}

template <class Fetch, class Call>
Fetch answer(Call call) {
  std::optional<Fetch> out;
  call([&](Fetch f) { out = std::move(f); });
  REQUIRE(out);
  return std::move(*out);
}

} // namespace

TEST_CASE("the writer numbers sessions, rotates segments by size, and scrubs the key from what it writes") {
  fixtures::temp_dir dir{"kd-capture-unit"};
  const std::string key = "s3cret+key/42";
  {
    capture::capture_writer first({.dir = dir.path, .api_key = key}, header());
    CHECK(first.session() == 1);
  }
  capture::capture_writer w({.dir = dir.path, .max_segment_bytes = 1, .api_key = key}, header());
  CHECK(w.session() == 2);
  const auto query = keepa::product_query({"0000000001"}, light());
  record(w, 1, "/product", query, 200, product_body({"0000000001"}, 1'000, 1));
  record(w, 2, "/token", "", 200, "{" + envelope(2'000, 99, 0) + R"(,"echo":"key=s3cret%2Bkey%2F42"})");
  record(w, 3, "/product", query, 0, "");
  CHECK(w.exchanges_written() == 3);
  const auto session = dir.path / "session-0002";
  // One byte a segment: every exchange after the first opens a new one.
  CHECK(fs::exists(session / "segment-0003" / "exchanges.jsonl"));
  const std::string token_body = net::gunzip(read_all(session / "segment-0002" / "000002.json.gz"), 1 << 20);
  CHECK(token_body.find("s3cret") == std::string::npos);
  CHECK(token_body.find("***") != std::string::npos);
  const std::string failure = read_all(session / "segment-0003" / "exchanges.jsonl");
  CHECK(failure.find(R"("status":0,"failure":"GET /product: timed out")") != std::string::npos);
  CHECK(failure.find("\"body\"") == std::string::npos);

  const auto sessions = capture::load_capture(dir.path);
  REQUIRE(sessions.size() == 2);
  CHECK(sessions[0].calls.empty());
  REQUIRE(sessions[1].calls.size() == 3);
  CHECK(sessions[1].first_timestamp_ms == 1'000);
  CHECK(sessions[1].last_timestamp_ms == 2'000);
  CHECK(sessions[1].calls[0].asins == std::vector<std::string>{"0000000001"});
  REQUIRE(sessions[1].calls[1].env);
  CHECK(sessions[1].calls[1].env->tokens_left == 99);
}

TEST_CASE("a malformed capture is refused, naming the file and line") {
  fixtures::temp_dir dir{"kd-capture-unit"};
  CHECK_THROWS_WITH(capture::load_capture(dir.path), Catch::Contains("holds no session"));
  const auto session = dir.path / "session-0001";
  fs::create_directories(session / "segment-0001");
  std::ofstream(session / "session.json") << R"({"format":"keepa-deals capture 1","session":1,"mode":"optimal","once":true,"jobs":["refill"],"tokenRate":5})";
  std::ofstream(session / "segment-0001" / "exchanges.jsonl")
      << R"({"seq":1,"call":1,"attempt":1,"path":"/token","query":"","status":200,"body":"000001.json.gz"})" "\n"
      << R"({"seq":2,"call":2,"attempt":1,"path":"/deal","query":"x","status":"ok"})" "\n";
  CHECK_THROWS_WITH(capture::load_capture(dir.path),
                    Catch::Contains("exchanges.jsonl line 1") && Catch::Contains("000001.json.gz is missing"));
  std::ofstream(session / "segment-0001" / "000001.json.gz") << net::gzip("{}");
  CHECK_THROWS_WITH(capture::load_capture(dir.path),
                    Catch::Contains("exchanges.jsonl line 2") && Catch::Contains("\"status\" must be an HTTP status"));
  std::ofstream(session / "session.json", std::ios::trunc) << R"({"format":"something else"})";
  CHECK_THROWS_WITH(capture::load_capture(dir.path), Catch::Contains("session.json") && Catch::Contains("format"));
}

TEST_CASE("a session header keeps the feeds its jobs walked, read back exactly") {
  auto h = header(false);
  h.session = 3;
  keepa::deal_selection feed;
  feed.sales_rank_range = keepa::int_range{10'000, 10'000'000};
  feed.current_range = keepa::int_range{2'000, 45'100};
  feed.delta_percent_range.reset();
  feed.min_rating = 10;
  feed.include_categories = {283155, 1000};
  h.refill_feed = feed;
  h.limits.backfill_max_deals = 20'000;
  h.limits.light_max_age_seconds = 48 * 3600;
  const auto back = capture::parse_session_header(capture::to_json(h), "test");
  CHECK(back.limits.backfill_max_deals == 20'000);
  CHECK(back.limits.light_max_age_seconds == 48 * 3600);
  CHECK(back.limits.refill_max_pages == 0);
  CHECK(back.session == 3);
  CHECK_FALSE(back.once);
  CHECK(back.jobs == h.jobs);
  REQUIRE(back.refill_feed);
  CHECK_FALSE(back.backfill_feed);
  CHECK(keepa::selection_json(*back.refill_feed) == keepa::selection_json(feed));
  CHECK_THROWS_WITH(capture::parse_selection(R"({"page":0})", "here"), Catch::Contains("here: selection.domainId"));
}

TEST_CASE("product queries split into their profile and ASINs") {
  const auto [profile, asins] = capture::split_product_query("domain=1&asin=A,B,C&stats=90&history=0");
  CHECK(profile == "domain=1&stats=90&history=0");
  CHECK(asins == std::vector<std::string>{"A", "B", "C"});
}

TEST_CASE("the replay source answers as recorded, regroups ASINs, and counts what it cannot answer") {
  fixtures::temp_dir dir{"kd-capture-unit"};
  {
    capture::capture_writer w({.dir = dir.path}, header());
    record(w, 1, "/token", "", 200, "{" + envelope(5'000, 80, 0) + "}");
    const std::vector<std::string> chunk{"0000000001", "0000000002", "0000000003"};
    record(w, 2, "/product", keepa::product_query(chunk, light()), 200, product_body(chunk, 6'000, 3));
    record(w, 3, "/product", keepa::product_query({"0000000009"}, light()), 503, "{" + envelope(7'000, 77, 0) + "}");
  }
  auto sessions = capture::load_capture(dir.path);
  REQUIRE(sessions.size() == 1);
  capture::capture_source source(sessions[0]);

  const auto token = answer<ingest::token_fetch>([&](auto done) { source.fetch_tokens(done); });
  CHECK(!token.error);
  CHECK(token.env.tokens_left == 80);
  CHECK(token.env.timestamp_ms == 5'000);

  SECTION("the recorded chunk asked again: the recorded envelope as it was") {
    const auto f = answer<ingest::product_fetch>([&](auto done) {
      source.fetch_products({"0000000001", "0000000002", "0000000003"}, light(), done);
    });
    REQUIRE(!f.error);
    CHECK(f.products.size() == 3);
    CHECK(f.env.tokens_consumed == 3);
    CHECK(f.env.timestamp_ms == 6'000);
    // Each recorded answer is given once.
    const auto again = answer<ingest::product_fetch>(
        [&](auto done) { source.fetch_products({"0000000001"}, light(), done); });
    CHECK(again.error);
    CHECK(source.counters().unanswered == 1);
  }
  SECTION("the same ASINs grouped differently: answered ASIN by ASIN and billed by the price list") {
    const auto a = answer<ingest::product_fetch>(
        [&](auto done) { source.fetch_products({"0000000003", "0000000001"}, light(), done); });
    REQUIRE(!a.error);
    CHECK(a.products.size() == 2);
    CHECK(a.env.tokens_consumed == 2);
    const auto b = answer<ingest::product_fetch>(
        [&](auto done) { source.fetch_products({"0000000002", "0000000004"}, light(), done); });
    REQUIRE(!b.error);
    REQUIRE(b.products.size() == 1);  // 0000000004 was never recorded: left out, as Keepa would, and counted
    CHECK(b.products[0].asin == "0000000002");
    CHECK(source.counters().asins_unanswered == 1);
    CHECK(source.counters().unanswered == 1);
  }
  SECTION("a recorded failure fails the request again") {
    const auto f = answer<ingest::product_fetch>(
        [&](auto done) { source.fetch_products({"0000000009"}, light(), done); });
    REQUIRE(f.error);
    CHECK_THAT(*f.error, Catch::Contains("HTTP 503"));
    CHECK(source.counters().recorded_failures == 1);
  }
  SECTION("a different request profile is not answered from another's") {
    keepa::product_request heavy;
    heavy.history = true;
    const auto f = answer<ingest::product_fetch>(
        [&](auto done) { source.fetch_products({"0000000001"}, heavy, done); });
    CHECK(f.error);
    CHECK_THAT(*f.error, Catch::Contains("holds no answer"));
  }
  SECTION("a feed page never recorded is an error, not an empty page") {
    const auto f = answer<ingest::deal_fetch>([&](auto done) { source.fetch_deals(keepa::deal_selection{}, done); });
    REQUIRE(f.error);
    CHECK_THAT(*f.error, Catch::Contains("GET /deal?selection="));
    CHECK(source.counters().unanswered == 1);
    CHECK(source.calls_left() == 2);
  }
}
