// A small asynchronous HTTP/1.1 client (Beast + OpenSSL + zlib behind a pimpl):
// HTTPS with SNI and certificate verification, plain HTTP, keep-alive pools per
// origin, gzip, timeouts and size limits.
//
// Threading: the client runs its own io_context on its own thread(s). Callers
// hand in a request and either a callback or take a std::future. Nothing here
// blocks the caller, so an actor's handler can call async_send and turn the
// callback into a message to itself; it must never wait on the future. The
// callback runs on the client's I/O thread and must be short and non-blocking.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace net {

struct client_options {
  // Empty: the system CA store. Else a PEM file (tests use a throw-away CA).
  std::string ca_file;
  std::chrono::milliseconds connect_timeout{10'000};  // resolve + TCP + TLS
  std::chrono::milliseconds read_timeout{60'000};     // per read or write step
  std::size_t max_body_bytes = 64u << 20;      // as sent on the wire
  std::size_t max_inflated_bytes = 512u << 20; // after gunzip
  std::size_t max_idle_per_origin = 4;
  int io_threads = 1;
  // host -> address to connect to instead of resolving (like curl --resolve);
  // the certificate is still checked against the host of the URL.
  std::map<std::string, std::string> resolve_overrides;
  std::string user_agent = "keepa-deals/0.1";
};

struct request {
  std::string method = "GET";
  std::string url;  // may carry a key: printed only through redact_url
  std::string body;
  std::string content_type;  // set when body is not empty
  std::vector<std::pair<std::string, std::string>> headers;  // never logged
};

// Where the time of one exchange went, for benchmarks.
struct exchange_timing {
  std::chrono::microseconds connect{0};  // zero on a reused connection
  std::chrono::microseconds wait{0};     // request written -> response header
  std::chrono::microseconds transfer{0}; // header -> last body byte
  std::chrono::microseconds inflate{0};
};

struct response {
  int status = 0;
  std::string body;  // inflated
  std::string content_type;
  bool was_gzip = false;
  std::size_t wire_bytes = 0;  // body bytes as received
  bool reused_connection = false;
  // The pooled connection turned out closed by the server before any byte of
  // an answer came back, so the request went again on a new connection.
  bool reconnected = false;
  exchange_timing timing;
};

enum class error_kind {
  bad_url,
  resolve,
  connect,
  tls,             // handshake or certificate verification
  timeout,
  io,              // reset, closed early, malformed HTTP
  body_too_large,  // wire body or inflated body over its limit
  bad_gzip,
};
const char* to_string(error_kind kind);

// Messages name the redacted URL and what failed; never the key.
struct failure {
  error_kind kind;
  std::string message;
};

class http_error : public std::runtime_error {
public:
  explicit http_error(failure f) : std::runtime_error(f.message), kind_(f.kind) {}
  error_kind kind() const { return kind_; }

private:
  error_kind kind_;
};

using outcome = std::variant<response, failure>;
using callback = std::function<void(outcome)>;

class http_client {
public:
  explicit http_client(client_options options = {});
  ~http_client();  // stops the I/O threads; pending callbacks are dropped
  http_client(const http_client&) = delete;
  http_client& operator=(const http_client&) = delete;

  void async_send(request req, callback done);
  // For tests, benchmarks and commands outside the actor system.
  std::future<response> send(request req);
  // Runs `fn` on the I/O thread after `delay` (retry timers of callers).
  void run_after(std::chrono::milliseconds delay, std::function<void()> fn);

  std::uint64_t connections_opened() const;
  const client_options& options() const;

private:
  class impl;
  std::unique_ptr<impl> impl_;
};

} // namespace net
