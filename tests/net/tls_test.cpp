// TLS: a throw-away certificate for localhost, a Beast TLS server on
// 127.0.0.1, and the client's verification accepting the right name only.
#include "net/http_client.hpp"
#include "tests/net/server/loopback_server.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <unistd.h>

namespace {
std::string temp_dir(const char* name) {
  auto dir = std::filesystem::temp_directory_path() /
             (std::string(name) + "-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir.string();
}

net::client_options trusting(const loopback::tls_files& files) {
  net::client_options opts;
  opts.ca_file = files.cert_file;
  // Every host name used below is dialled at 127.0.0.1.
  opts.resolve_overrides = {{"localhost", "127.0.0.1"}, {"wrong.example", "127.0.0.1"}};
  return opts;
}
} // namespace

TEST_CASE("TLS verification passes for the certificate's name and fails for another", "[tls]") {
  const auto dir = temp_dir("keepa-deals-tls");
  const auto files = loopback::make_localhost_certificate(dir);
  loopback::server srv([](const loopback::received& r) {
    loopback::scripted_reply reply;
    reply.body = "secure " + r.target;
    return reply;
  }, files);
  const auto port = std::to_string(srv.port());

  SECTION("right name: SNI sent, certificate accepted, body inflated") {
    net::http_client client(trusting(files));
    net::request req;
    req.url = "https://localhost:" + port + "/token?key=x";
    auto res = client.send(req).get();
    CHECK(res.status == 200);
    CHECK(res.body == "secure /token?key=x");
    // A second request rides the same TLS connection.
    CHECK(client.send(req).get().reused_connection);
    CHECK(srv.connections_accepted() == 1);
  }
  SECTION("wrong name: the handshake fails and nothing is served") {
    net::http_client client(trusting(files));
    net::request req;
    req.url = "https://wrong.example:" + port + "/token?key=SECRET";
    try {
      client.send(req).get();
      FAIL("a certificate for localhost was accepted for wrong.example");
    } catch (const net::http_error& e) {
      CHECK(e.kind() == net::error_kind::tls);
      CHECK(std::string(e.what()).find("SECRET") == std::string::npos);
    }
    CHECK(srv.requests().empty());
  }
  SECTION("right name but an untrusted issuer (system store only) fails") {
    net::client_options opts;
    opts.resolve_overrides = {{"localhost", "127.0.0.1"}};
    net::http_client client(opts);
    net::request req;
    req.url = "https://localhost:" + port + "/";
    try {
      client.send(req).get();
      FAIL("a self-signed certificate passed against the system CA store");
    } catch (const net::http_error& e) {
      CHECK(e.kind() == net::error_kind::tls);
    }
  }
  std::filesystem::remove_all(dir);
}
