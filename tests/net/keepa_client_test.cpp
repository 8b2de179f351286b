// keepa::client against a scripted Beast server on 127.0.0.1: each endpoint,
// each retry rule, each fault, and that the key never reaches a log line or
// an error message.
#include "keepa/client.hpp"
#include "tests/net/server/loopback_server.hpp"

#include <catch2/catch.hpp>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <sstream>

using namespace std::chrono_literals;

namespace {

const std::string secret_key = "SeCrEtKeY1234567890abcdef";

// Every spdlog line written while it lives, at every level.
struct log_capture {
  std::ostringstream lines;
  std::shared_ptr<spdlog::sinks::ostream_sink_mt> sink =
      std::make_shared<spdlog::sinks::ostream_sink_mt>(lines);
  spdlog::level::level_enum old_level = spdlog::get_level();
  log_capture() {
    spdlog::default_logger()->sinks().push_back(sink);
    spdlog::set_level(spdlog::level::trace);
  }
  ~log_capture() {
    auto& sinks = spdlog::default_logger()->sinks();
    sinks.erase(std::remove(sinks.begin(), sinks.end(), sink), sinks.end());
    spdlog::set_level(old_level);
  }
  std::string text() {
    spdlog::default_logger()->flush();
    return lines.str();
  }
};

std::string envelope_json(int tokens_left = 1200, int refill_in = 30, int consumed = 1) {
  return "\"timestamp\":1764400000000,\"tokensLeft\":" + std::to_string(tokens_left) +
         ",\"refillIn\":" + std::to_string(refill_in) + ",\"refillRate\":20,\"tokensConsumed\":" +
         std::to_string(consumed) + ",\"tokenFlowReduction\":0,\"processingTimeInMs\":5";
}

loopback::scripted_reply ok(std::string body) {
  loopback::scripted_reply r;
  r.body = std::move(body);
  return r;
}

loopback::scripted_reply status(int code, std::string body) {
  loopback::scripted_reply r;
  r.status = code;
  r.body = std::move(body);
  return r;
}

std::string error_body(int code, const char* type, const char* message, int tokens_left = 100) {
  return "{" + envelope_json(tokens_left) + ",\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message +
         "\",\"details\":\"\"}}";
}

std::string products_body(const std::vector<std::string>& asins) {
  std::string list;
  for (const auto& a : asins)
    list += (list.empty() ? "" : ",") + std::string("{\"asin\":\"") + a + "\",\"title\":\"Book " + a + "\"}";
  return "{" + envelope_json(1100, 30, static_cast<int>(asins.size())) + ",\"products\":[" + list + "]}";
}

std::string deals_body(int count, int first) {
  std::string list;
  for (int i = 0; i < count; ++i)
    list += (i ? "," : "") + fmt::format("{{\"asin\":\"D{:09d}\",\"title\":\"deal\"}}", first + i);
  return "{" + envelope_json(900, 30, 5) + ",\"deals\":{\"dr\":[" + list + "]}}";
}

keepa::client_config config_for(const loopback::server& srv) {
  keepa::client_config c;
  c.base_url = srv.base_url();
  c.api_key = secret_key;
  c.retry.max_attempts = 5;
  return c;
}

std::string url_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      out.push_back(static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// Replies from a list, one per request, repeating the last.
struct script {
  std::vector<loopback::scripted_reply> replies;
  std::shared_ptr<std::atomic<int>> served = std::make_shared<std::atomic<int>>(0);
  loopback::handler handler() {
    return [replies = replies, served = served](const loopback::received&) {
      const int i = served->fetch_add(1);
      return replies[std::min<std::size_t>(i, replies.size() - 1)];
    };
  }
};

loopback::scripted_reply with_fault(loopback::fault f, std::string body = "{}") {
  auto r = ok(std::move(body));
  r.fault_kind = f;
  return r;
}

} // namespace

TEST_CASE("/product sends the request's parameters and hands back products and envelope", "[keepa]") {
  loopback::server srv([](const loopback::received&) { return ok(products_body({"0000000001", "0000000002"})); });
  keepa::client client(config_for(srv));
  keepa::product_request light;
  light.stats_days = 180;
  light.history = false;
  auto r = client.products({"0000000001", "0000000002"}, light).get();
  REQUIRE(r.payload.products.size() == 2);
  CHECK(r.payload.products[1].asin == "0000000002");
  CHECK(r.payload.env.tokens_left == 1100);
  CHECK(r.payload.env.tokens_consumed == 2);
  CHECK(r.attempts == 1);
  const auto seen = srv.requests();
  REQUIRE(seen.size() == 1);
  CHECK(seen[0].target == "/product?key=" + secret_key + "&domain=1&asin=0000000001,0000000002&stats=180&history=0");
  CHECK(seen[0].headers.at("accept-encoding") == "gzip");
}

TEST_CASE("/deal sends the selection JSON url-encoded and pages until a short page", "[keepa]") {
  loopback::server srv([](const loopback::received& r) {
    const bool first = url_decode(r.target).find("\"page\":0") != std::string::npos;
    return ok(first ? deals_body(150, 0) : deals_body(3, 150));
  });
  keepa::client client(config_for(srv));
  keepa::deal_selection sel;
  sel.sales_rank_range = keepa::int_range{1, 500000};
  auto r = client.all_deals(sel, 10).get();
  CHECK(r.payload.deals.size() == 153);
  CHECK(r.payload.deals[152].asin == "D000000152");
  CHECK(r.payload.env.tokens_consumed == 10);
  const auto seen = srv.requests();
  REQUIRE(seen.size() == 2);
  const auto selection = url_decode(seen[1].target);
  CHECK(selection.find("/deal?key=" + secret_key + "&selection={\"page\":1,\"domainId\":1,"
                       "\"includeCategories\":[283155],\"priceTypes\":[2]") == 0);
  CHECK(selection.find("\"salesRankRange\":[1,500000]") != std::string::npos);
  CHECK(seen[1].target.find('{') == std::string::npos);  // really encoded on the wire
}

TEST_CASE("paging stops at max_pages even when pages are full", "[keepa]") {
  loopback::server srv([](const loopback::received&) { return ok(deals_body(150, 0)); });
  keepa::client client(config_for(srv));
  auto r = client.all_deals({}, 2).get();
  CHECK(r.payload.deals.size() == 300);
  CHECK(srv.requests().size() == 2);
}

TEST_CASE("/seller and /token parse their answers", "[keepa]") {
  loopback::server srv([](const loopback::received& r) {
    if (r.target.rfind("/seller", 0) == 0)
      return ok("{" + envelope_json() + R"(,"sellers":{"A1B2":{"sellerId":"A1B2","sellerName":"Shop","currentRating":97,"currentRatingCount":1200}}})");
    return ok("{" + envelope_json(4321, 15000, 0) + "}");
  });
  keepa::client client(config_for(srv));
  auto s = client.sellers({"A1B2"}).get();
  REQUIRE(s.payload.sellers.size() == 1);
  CHECK(s.payload.sellers[0].name == "Shop");
  CHECK(s.payload.sellers[0].current_rating == 97);
  auto t = client.tokens().get();
  CHECK(t.payload.env.tokens_left == 4321);
  CHECK(t.payload.env.refill_in_ms == 15000);
  const auto seen = srv.requests();
  CHECK(seen[0].target == "/seller?key=" + secret_key + "&domain=1&seller=A1B2");
  CHECK(seen[1].target == "/token?key=" + secret_key);
}

TEST_CASE("429 waits for refillIn and retries; the wait is logged", "[keepa][retry]") {
  log_capture logs;
  script s{{status(429, error_body(429, "NOT_ENOUGH_TOKEN", "Not enough token", 0)), ok(products_body({"0000000001"}))}};
  loopback::server srv(s.handler());
  keepa::client client(config_for(srv));
  auto r = client.products({"0000000001"}, {}).get();
  CHECK(r.attempts == 2);
  CHECK(r.payload.products.size() == 1);
  CHECK(logs.text().find("HTTP 429 (tokensLeft 0, refillIn 30 ms") != std::string::npos);
}

TEST_CASE("5xx other than 500 backs off and retries; each retry logged with its reason", "[keepa][retry]") {
  log_capture logs;
  script s{{status(503, "{}"), status(502, "{}"), ok("{" + envelope_json() + "}")}};
  loopback::server srv(s.handler());
  keepa::client client(config_for(srv));
  auto r = client.tokens().get();
  CHECK(r.attempts == 3);
  const auto text = logs.text();
  CHECK(text.find("(HTTP 503); retry 1 of 4 in 0 ms") != std::string::npos);
  CHECK(text.find("(HTTP 502); retry 2 of 4 in 100 ms") != std::string::npos);
}

TEST_CASE("400, 402, 404, 405 and 500 fail at once with the server's message", "[keepa][retry]") {
  for (int code : {400, 402, 404, 405, 500}) {
    loopback::server srv([code](const loopback::received&) {
      return status(code, error_body(code, "REQUEST_REJECTED", "invalid parameter asin"));
    });
    keepa::client client(config_for(srv));
    try {
      client.tokens().get();
      FAIL("HTTP " << code << " did not fail");
    } catch (const keepa::client_error& e) {
      CHECK(e.http_status() == code);
      CHECK(e.attempts() == 1);
      CHECK(e.why() == keepa::client_error::cause::http_status);
      REQUIRE(e.server_error());
      CHECK(e.server_error()->message == "invalid parameter asin");
      CHECK(std::string(e.what()).find("REQUEST_REJECTED: invalid parameter asin") != std::string::npos);
    }
    CHECK(srv.requests().size() == 1);
  }
}

TEST_CASE("each fault is retried and the request then succeeds", "[keepa][retry]") {
  using loopback::fault;
  auto good = ok(products_body({"0000000001"}));
  auto [name, first] = GENERATE_COPY(
      std::pair{std::string("dropped connection"), with_fault(fault::drop_before_reply)},
      std::pair{std::string("truncated gzip"), with_fault(fault::truncated_gzip, products_body({"0000000001"}))},
      std::pair{std::string("malformed JSON"), ok("{\"products\": [tru")},
      std::pair{std::string("body not an object"), ok("[1,2,3]")},
      std::pair{std::string("slow answer past the read timeout"), with_fault(fault::hang)});
  INFO(name);
  log_capture logs;
  script s{{first, good}};
  loopback::server srv(s.handler());
  auto config = config_for(srv);
  config.http.read_timeout = 300ms;
  keepa::client client(config);
  auto r = client.products({"0000000001"}, {}).get();
  CHECK(r.attempts == 2);
  CHECK(r.payload.products.at(0).asin == "0000000001");
  CHECK(logs.text().find("retry 1 of 4") != std::string::npos);
}

TEST_CASE("429 waits do not use up the back-off attempts", "[keepa][retry]") {
  const auto storm = status(429, error_body(429, "NOT_ENOUGH_TOKEN", "Not enough token", 0));
  script s{{storm, storm, storm, status(503, "{}"), status(503, "{}"), ok("{" + envelope_json() + "}")}};
  loopback::server srv(s.handler());
  auto config = config_for(srv);
  config.retry.max_attempts = 3;  // three back-off failures would give up; two do not
  config.retry.token_wait_margin = 0ms;
  keepa::client client(config);
  CHECK(client.tokens().get().attempts == 6);
}

TEST_CASE("a request that keeps failing gives up after max_attempts", "[keepa][retry]") {
  loopback::server srv([](const loopback::received&) { return status(503, "{}"); });
  auto config = config_for(srv);
  config.retry.max_attempts = 3;
  config.retry.backoff_cap = 1ms;
  keepa::client client(config);
  try {
    client.tokens().get();
    FAIL("no failure");
  } catch (const keepa::client_error& e) {
    CHECK(e.why() == keepa::client_error::cause::out_of_retries);
    CHECK(e.attempts() == 3);
    CHECK(std::string(e.what()).find("HTTP 503") != std::string::npos);
  }
  CHECK(srv.requests().size() == 3);
}

TEST_CASE("bad request parameters fail before anything is sent", "[keepa]") {
  loopback::server srv([](const loopback::received&) { return ok("{}"); });
  keepa::client client(config_for(srv));
  std::vector<std::string> too_many(101, "0000000001");
  CHECK_THROWS_WITH(client.products(too_many, {}).get(), Catch::Contains("101 ASINs"));
  CHECK_THROWS_WITH(client.products({"bad,asin!"}, {}).get(), Catch::Contains("ASIN #0"));
  keepa::product_request r;
  r.offers = 5;
  CHECK_THROWS_WITH(client.products({"0000000001"}, r).get(), Catch::Contains("offers=5"));
  CHECK_THROWS_WITH(client.sellers({}).get(), Catch::Contains("0 seller ids"));
  CHECK(srv.requests().empty());
}

TEST_CASE("the key appears in no log line and no error message, whatever happens", "[keepa][redaction]") {
  log_capture logs;
  std::string errors;
  {
    using loopback::fault;
    script s{{status(429, error_body(429, "NOT_ENOUGH_TOKEN", "Not enough token", 0)),
              status(503, "{}"), with_fault(fault::drop_before_reply), with_fault(fault::truncated_gzip, "{\"a\":1}"),
              ok("{broken"), ok(products_body({"0000000001"})),
              // A server echoing the key in its message must not leak it either.
              status(400, error_body(400, "REQUEST_REJECTED", ("bad key " + secret_key).c_str()))}};
    loopback::server srv(s.handler());
    auto config = config_for(srv);
    config.retry.max_attempts = 8;
    keepa::client client(config);
    // 429, 503, then the drop on the pooled connection is sent again at once
    // on a new one and meets the truncated gzip, then broken JSON.
    CHECK(client.products({"0000000001"}, {}).get().attempts == 5);
    try {
      client.tokens().get();
    } catch (const keepa::client_error& e) {
      errors += e.what();
    }
  }
  {
    keepa::client_config config;
    config.base_url = "http://127.0.0.1:1";  // nothing listens there
    config.api_key = secret_key;
    config.retry.max_attempts = 2;
    keepa::client client(config);
    try {
      client.tokens().get();
    } catch (const keepa::client_error& e) {
      errors += e.what();
    }
  }
  const auto text = logs.text();
  CHECK(text.find("key=***") != std::string::npos);  // URLs were printed...
  CHECK(text.find("retry") != std::string::npos);
  CHECK(text.find(secret_key) == std::string::npos);  // ...but never the key
  CHECK(errors.find("bad key ***") != std::string::npos);
  CHECK(errors.find("127.0.0.1:1") != std::string::npos);
  CHECK(errors.find(secret_key) == std::string::npos);
}

TEST_CASE("a key that URL-encoding changes is scrubbed in every form a server echoes it",
          "[keepa][redaction]") {
  // Every byte here but the letters is changed by url_encode: the client
  // sends "Key%2FWith%2BPlus%3DAnd%26Space%20%25Pct%C3%A9".
  const std::string key = "Key/With+Plus=And&Space %Pct\xc3\xa9";
  const std::string upper = "Key%2FWith%2BPlus%3DAnd%26Space%20%25Pct%C3%A9";
  const std::string lower = "Key%2fWith%2bPlus%3dAnd%26Space%20%25Pct%c3%a9";
  const std::string plus_space = "Key%2FWith%2BPlus%3DAnd%26Space+%25Pct%C3%A9";
  std::string sent;  // the key parameter as it reached the server
  log_capture logs;
  std::string errors;
  std::optional<keepa::api_error> api;
  {
    loopback::server srv([&](const loopback::received& r) {
      const auto at = r.target.find("key=") + 4;
      sent = r.target.substr(at, r.target.find('&', at) - at);
      // What the server echoes: the key raw, as it was sent, and re-encoded
      // with lower-case hex and a "+" for the space.
      return status(400, error_body(400, "REQUEST_REJECTED",
                                    ("unknown key " + key + " (sent as " + sent + ", i.e. " + lower + " or " +
                                     plus_space + ")")
                                        .c_str()));
    });
    auto config = config_for(srv);
    config.api_key = key;
    keepa::client client(config);
    try {
      client.tokens().get();
    } catch (const keepa::client_error& e) {
      errors = e.what();
      api = e.server_error();
    }
  }
  CHECK(sent == upper);  // the form the client sends, so the one to hide first
  REQUIRE(api);
  const auto text = logs.text() + errors + api->message;
  INFO(text);
  CHECK(errors.find("unknown key *** (sent as ***, i.e. *** or ***)") != std::string::npos);
  CHECK(api->message == "unknown key *** (sent as ***, i.e. *** or ***)");
  for (const auto& form : {key, upper, lower, plus_space, std::string("With"), std::string("Pct")})
    CHECK(text.find(form) == std::string::npos);
}
