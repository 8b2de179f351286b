// net::http_client against a real Beast server on 127.0.0.1: gzip, keep-alive,
// timeouts, size limits and each fault the server can script.
#include "net/http_client.hpp"
#include "net/gzip.hpp"
#include "tests/net/server/loopback_server.hpp"

#include <catch2/catch.hpp>

#include <atomic>

using namespace std::chrono_literals;

namespace {

loopback::scripted_reply json(std::string body, bool gzip = true) {
  loopback::scripted_reply r;
  r.body = std::move(body);
  r.gzip = gzip;
  return r;
}

net::failure fail_of(net::http_client& client, const std::string& url) {
  net::request req;
  req.url = url;
  try {
    client.send(req).get();
  } catch (const net::http_error& e) {
    return {e.kind(), e.what()};
  }
  FAIL("request to " << url << " did not fail");
  return {};
}

} // namespace

TEST_CASE("gzip body is inflated and the server was asked for gzip", "[net]") {
  loopback::server srv([](const loopback::received&) { return json(R"({"hello":"world"})"); });
  net::http_client client;
  net::request req;
  req.url = srv.base_url() + "/token?key=k";
  auto res = client.send(req).get();
  CHECK(res.status == 200);
  CHECK(res.was_gzip);
  CHECK(res.body == R"({"hello":"world"})");
  CHECK(res.wire_bytes != res.body.size());
  auto seen = srv.requests();
  REQUIRE(seen.size() == 1);
  CHECK(seen[0].headers["accept-encoding"] == "gzip");
  CHECK(seen[0].target == "/token?key=k");
}

TEST_CASE("plain body passes through untouched", "[net]") {
  loopback::server srv([](const loopback::received&) { return json("not compressed", false); });
  net::http_client client;
  net::request req;
  req.url = srv.base_url() + "/x";
  auto res = client.send(req).get();
  CHECK_FALSE(res.was_gzip);
  CHECK(res.body == "not compressed");
}

TEST_CASE("POST sends its body and content type", "[net]") {
  loopback::server srv([](const loopback::received& r) { return json(r.body + "|" + r.headers.at("content-type")); });
  net::http_client client;
  net::request req;
  req.method = "POST";
  req.url = srv.base_url() + "/deal";
  req.body = R"({"page":0})";
  req.content_type = "application/json";
  CHECK(client.send(req).get().body == R"({"page":0}|application/json)");
}

TEST_CASE("sequential requests reuse one keep-alive connection", "[net]") {
  loopback::server srv([](const loopback::received&) { return json("{}"); });
  net::http_client client;
  net::request req;
  req.url = srv.base_url() + "/p";
  for (int i = 0; i < 5; ++i) {
    auto res = client.send(req).get();
    CHECK(res.reused_connection == (i > 0));
  }
  CHECK(srv.connections_accepted() == 1);
  CHECK(client.connections_opened() == 1);
}

TEST_CASE("a server that closes after each answer gets a new connection each time", "[net]") {
  loopback::server srv([](const loopback::received&) {
    auto r = json("{}");
    r.close_after = true;
    return r;
  });
  net::http_client client;
  net::request req;
  req.url = srv.base_url() + "/p";
  for (int i = 0; i < 3; ++i)
    CHECK_FALSE(client.send(req).get().reused_connection);
  CHECK(srv.connections_accepted() == 3);
}

TEST_CASE("concurrent requests open parallel connections and all complete", "[net]") {
  loopback::server srv([](const loopback::received& r) {
    auto reply = json(r.target);
    reply.delay = 500ms;  // all four are sent long before the first answer frees a connection
    return reply;
  });
  net::http_client client;
  std::vector<std::future<net::response>> pending;
  for (int i = 0; i < 4; ++i) {
    net::request req;
    req.url = srv.base_url() + "/n" + std::to_string(i);
    pending.push_back(client.send(req));
  }
  for (int i = 0; i < 4; ++i)
    CHECK(pending[i].get().body == "/n" + std::to_string(i));
  CHECK(srv.connections_accepted() == 4);
}

TEST_CASE("a slow server hits the read timeout", "[net]") {
  loopback::server srv([](const loopback::received&) {
    auto r = json("{}");
    r.fault_kind = loopback::fault::hang;
    return r;
  });
  net::client_options opts;
  opts.read_timeout = 200ms;
  net::http_client client(opts);
  auto f = fail_of(client, srv.base_url() + "/slow?key=SECRETKEY");
  CHECK(f.kind == net::error_kind::timeout);
  CHECK(f.message.find("SECRETKEY") == std::string::npos);
  CHECK(f.message.find("/slow?key=***") != std::string::npos);
}

TEST_CASE("a dropped connection is an I/O error", "[net]") {
  loopback::server srv([](const loopback::received&) {
    auto r = json("{}");
    r.fault_kind = loopback::fault::drop_before_reply;
    return r;
  });
  net::http_client client;
  CHECK(fail_of(client, srv.base_url() + "/drop").kind == net::error_kind::io);
}

TEST_CASE("truncated gzip is an error, not a short body", "[net]") {
  loopback::server srv([](const loopback::received&) {
    auto r = json(std::string(5000, 'a') + "bcdefgh");
    r.fault_kind = loopback::fault::truncated_gzip;
    return r;
  });
  net::http_client client;
  CHECK(fail_of(client, srv.base_url() + "/t").kind == net::error_kind::bad_gzip);
}

TEST_CASE("a gzip header on a body that is not gzip is an error", "[net]") {
  // The server gzips "x" and the client is fine; corrupt data is checked directly.
  CHECK_THROWS_AS(net::gunzip("definitely not gzip", 1 << 20), net::gzip_error);
  const auto packed = net::gzip(std::string(1000, 'z'));
  CHECK(net::gunzip(packed, 1000) == std::string(1000, 'z'));
  CHECK_THROWS_WITH(net::gunzip(packed, 999), Catch::Contains("limit"));
  CHECK_THROWS_WITH(net::gunzip(packed + "trailing", 2000), Catch::Contains("trailing"));
}

TEST_CASE("bodies over the limits fail with body_too_large", "[net]") {
  loopback::server srv([](const loopback::received& r) {
    return json(std::string(200'000, 'q'), r.target == "/gz");
  });
  net::client_options opts;
  opts.max_body_bytes = 100'000;      // wire limit: the plain body exceeds it
  opts.max_inflated_bytes = 100'000;  // inflated limit: the small gzip body exceeds it
  net::http_client client(opts);
  CHECK(fail_of(client, srv.base_url() + "/plain").kind == net::error_kind::body_too_large);
  CHECK(fail_of(client, srv.base_url() + "/gz").kind == net::error_kind::body_too_large);
}

TEST_CASE("a refused connection is a connect error", "[net]") {
  std::string url;
  {
    loopback::server srv([](const loopback::received&) { return json("{}"); });
    url = srv.base_url() + "/gone";
  }
  net::http_client client;
  CHECK(fail_of(client, url).kind == net::error_kind::connect);
}

TEST_CASE("a malformed URL is reported without its key", "[net]") {
  net::http_client client;
  auto f = fail_of(client, "ftp://host/path?key=SECRETKEY");
  CHECK(f.kind == net::error_kind::bad_url);
  CHECK(f.message.find("SECRETKEY") == std::string::npos);
  CHECK(f.message.find("scheme") != std::string::npos);
}

TEST_CASE("callbacks report completion without the caller waiting", "[net]") {
  loopback::server srv([](const loopback::received&) { return json("{\"a\":1}"); });
  net::http_client client;
  std::promise<int> status;
  net::request req;
  req.url = srv.base_url() + "/cb";
  client.async_send(req, [&status](net::outcome o) {
    status.set_value(std::holds_alternative<net::response>(o) ? std::get<net::response>(o).status : -1);
  });
  CHECK(status.get_future().get() == 200);
}

TEST_CASE("a pooled connection the server closed is replaced and the request sent again", "[net]") {
  auto served = std::make_shared<std::atomic<int>>(0);
  loopback::server srv([served](const loopback::received&) {
    auto r = json("{}");
    if (served->fetch_add(1) == 1)
      r.fault_kind = loopback::fault::drop_before_reply;  // the 2nd request finds the connection dead
    return r;
  });
  net::http_client client;
  net::request req;
  req.url = srv.base_url() + "/p";
  CHECK_FALSE(client.send(req).get().reconnected);
  auto second = client.send(req).get();
  CHECK(second.reconnected);
  CHECK(second.status == 200);
  CHECK(srv.connections_accepted() == 2);
  CHECK(srv.requests().size() == 3);
}

TEST_CASE("two I/O threads share the pool safely under concurrent requests", "[net]") {
  loopback::server srv([](const loopback::received& r) { return json(r.target); });
  net::client_options opts;
  opts.io_threads = 2;
  opts.max_idle_per_origin = 3;
  net::http_client client(opts);
  for (int round = 0; round < 5; ++round) {
    std::vector<std::future<net::response>> pending;
    for (int i = 0; i < 8; ++i) {
      net::request req;
      req.url = srv.base_url() + "/r" + std::to_string(round) + "-" + std::to_string(i);
      pending.push_back(client.send(req));
    }
    for (int i = 0; i < 8; ++i)
      CHECK(pending[i].get().body == "/r" + std::to_string(round) + "-" + std::to_string(i));
  }
  // At most 3 idle connections are kept between rounds; the rest are new.
  CHECK(srv.connections_accepted() >= 8);
  CHECK(srv.connections_accepted() <= 8 + 4 * 5);
  CHECK(srv.requests().size() == 40);
}
