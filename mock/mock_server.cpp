// mock_server: keepa_service behind net's HTTP server. The transport (accept
// loop, parsing, limits, gzip) is net/http_server.cpp; what the mock adds is
// its refusal bodies (Keepa-style JSON), its counters and its address rule.
#include "mock/mock_server.hpp"

#include "mock/envelope_json.hpp"
#include "mock/keepa_service.hpp"
#include "net/http_server.hpp"

#include <stdexcept>

namespace mock {
namespace {

constexpr std::string_view loopback = "127.0.0.1";
constexpr const char* json_type = "application/json;charset=UTF-8";

void check_options(const server_options& o) {
  if (o.address != loopback)
    throw std::invalid_argument("the mock Keepa server binds to 127.0.0.1 only; refusing address '" + o.address + "'");
  if (o.threads < 1 || o.threads > 64)
    throw std::invalid_argument("threads must be 1..64, got " + std::to_string(o.threads));
  if (o.gzip_level < 0 || o.gzip_level > 9)
    throw std::invalid_argument("gzip level must be 0..9, got " + std::to_string(o.gzip_level));
}

net::http_response json_error(int status, const std::string& why) {
  net::http_response r;
  r.status = status;
  r.content_type = json_type;
  r.body = error_json(why);
  return r;
}

net::http_response to_http(reply r) {
  net::http_response out;
  out.status = r.status;
  out.content_type = json_type;
  out.body = std::move(r.body);
  out.gzip = r.gzip;
  out.delay_ms = r.delay_ms;
  out.drop_connection = r.drop_connection;
  out.truncate_gzip = r.truncate_gzip;
  out.reset_mid_body = r.reset_mid_body;
  out.oversized = r.oversized;
  return out;
}

net::http_server_options transport_options(const server_options& o, keepa_service& service) {
  net::http_server_options t;
  t.address = o.address;
  t.port = o.port;
  t.threads = o.threads;
  t.body_limit = o.body_limit;
  t.gzip_level = o.gzip_level;
  t.server_name = "keepa-deals-mock";
  t.refusal = json_error;
  t.on_accept = [&service] { service.count_connection(); };
  return t;
}

} // namespace

struct mock_server::impl {
  server_options options;
  keepa_service service;  // outlives the transport, whose handler calls it
  net::http_server transport;

  explicit impl(server_options o)
      : options((check_options(o), std::move(o))), service(options),
        transport(transport_options(options, service), [this](const net::http_request& request) {
          try {
            return to_http(service.handle(request.method, request.target, request.body));
          } catch (const std::exception& e) {
            return json_error(500, std::string("mock server failure: ") + e.what());
          }
        }) {}
};

mock_server::mock_server(server_options options) : impl_(std::make_unique<impl>(std::move(options))) {}

mock_server::~mock_server() { stop(); }

void mock_server::start() {
  try {
    impl_->transport.start();
  } catch (const std::logic_error&) {
    throw std::logic_error("the mock server was already started");
  } catch (const std::runtime_error& e) {
    throw std::runtime_error(std::string("the mock Keepa server ") + e.what());
  }
}

void mock_server::stop() {
  if (impl_)
    impl_->transport.stop();
}

std::uint16_t mock_server::port() const { return impl_->transport.port(); }
server_stats mock_server::stats() const { return impl_->service.stats(); }
std::string mock_server::stats_json() const { return mock::stats_json(impl_->service.stats()); }
void mock_server::advance(std::chrono::milliseconds by) { impl_->service.advance(by); }
std::int64_t mock_server::now_ms() const { return impl_->service.now_ms(); }
void mock_server::inject(const fault& f) { impl_->service.inject(f); }
void mock_server::clear_faults() { impl_->service.clear_faults(); }

} // namespace mock
