// net::http_server on its own, with a handler written here and the project's
// client over loopback: routing by the handler, gzip, keep-alive, limits,
// a throwing handler, and the refusal hook the mock uses for its JSON errors.
#include "net/http_client.hpp"
#include "net/http_server.hpp"

#include <catch2/catch.hpp>

#include <atomic>

namespace {

net::response send(net::http_client& client, const std::string& method, const std::string& url,
                   std::string body = {}) {
  net::request r;
  r.method = method;
  r.url = url;
  r.body = std::move(body);
  if (!r.body.empty())
    r.content_type = "text/plain";
  return client.send(r).get();
}

net::http_response echo(const net::http_request& r) {
  if (r.target == "/throw")
    throw std::runtime_error("the handler broke");
  net::http_response out;
  out.body = r.method + " " + r.target + " " + r.body;
  out.gzip = r.target.find("gz") != std::string::npos;
  out.headers.emplace_back("X-Seen", "yes");
  return out;
}

} // namespace

TEST_CASE("the server hands method, target and body to the handler and answers on one kept-alive connection") {
  std::atomic<int> accepted{0};
  net::http_server_options o;
  o.on_accept = [&] { ++accepted; };
  net::http_server server(o, echo);
  server.start();
  REQUIRE(server.port() != 0);
  const std::string base = "http://127.0.0.1:" + std::to_string(server.port());
  net::http_client client;
  const auto plain = send(client, "POST", base + "/a?b=1", "hello");
  CHECK(plain.status == 200);
  CHECK(plain.body == "POST /a?b=1 hello");
  CHECK_FALSE(plain.was_gzip);
  const auto packed = send(client, "GET", base + "/gz");
  CHECK(packed.was_gzip);
  CHECK(packed.body == "GET /gz ");
  CHECK(packed.reused_connection);
  CHECK(accepted == 1);
}

TEST_CASE("a throwing handler and an oversized body get the refusal, by default plain, else the caller's") {
  net::http_server_options o;
  o.body_limit = 16;
  net::http_server plain(o, echo);
  plain.start();
  net::http_client client;
  const std::string base = "http://127.0.0.1:" + std::to_string(plain.port());
  const auto broke = send(client, "GET", base + "/throw");
  CHECK(broke.status == 500);
  CHECK(broke.body.find("handler failure: the handler broke") != std::string::npos);
  const auto big = send(client, "POST", base + "/x", std::string(100, 'x'));
  CHECK(big.status == 413);
  CHECK(big.body.find("request body over 16 bytes") != std::string::npos);

  o.refusal = [](int status, const std::string& why) {
    net::http_response r;
    r.status = status;
    r.content_type = "application/json";
    r.body = "{\"error\":\"" + why + "\"}";
    return r;
  };
  net::http_server custom(o, echo);
  custom.start();
  const auto json = send(client, "GET", "http://127.0.0.1:" + std::to_string(custom.port()) + "/throw");
  CHECK(json.status == 500);
  CHECK(json.content_type == "application/json");
  CHECK(json.body == "{\"error\":\"handler failure: the handler broke\"}");
}

TEST_CASE("bad options are refused by name, and a second start is a logic error") {
  net::http_server_options o;
  o.threads = 0;
  CHECK_THROWS_WITH(net::http_server(o, echo), Catch::Contains("threads must be 1..64"));
  o.threads = 1;
  o.address = "not-an-ip";
  CHECK_THROWS_WITH(net::http_server(o, echo), Catch::Contains("'not-an-ip' is not an IP address"));
  net::http_server ok({}, echo);
  ok.start();
  CHECK_THROWS_AS(ok.start(), std::logic_error);
  ok.stop();
  ok.stop();  // idempotent
}
