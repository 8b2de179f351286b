// The project's one HTTP/1.1 server (Beast behind a pimpl): an accept loop on
// its own I/O threads, keep-alive, header and body limits, gzip on demand,
// and a handler that turns each request into a response. The mock Keepa
// server and the node's /metrics and status page both run on it.
//
// Threading: the handler runs on an I/O thread, possibly on several at once
// (threads > 1); it must be thread-safe and should not block for long.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace net {

struct http_request {
  std::string method;
  std::string target;  // path and query, as sent
  std::string body;
  bool keep_alive = true;
};

struct http_response {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;  // as produced; the server compresses it when gzip is set
  bool gzip = false;
  std::vector<std::pair<std::string, std::string>> headers;  // extra fields
  // Faults a test server serves on purpose.
  int delay_ms = 0;             // answered this late
  bool drop_connection = false; // closed without an answer
  bool truncate_gzip = false;   // only the first half of the gzip bytes (Content-Length matches)
  bool reset_mid_body = false;  // the header, half the body, then a TCP reset
  bool oversized = false;       // the same, announcing 1 GiB
};

using http_handler = std::function<http_response(const http_request&)>;

struct http_server_options {
  std::string address = "127.0.0.1";  // callers decide what they allow; see net/listen_address.hpp
  std::uint16_t port = 0;             // 0: the system picks a free port, read it back with port()
  std::size_t threads = 1;
  std::size_t body_limit = 1 << 20;   // request body bytes
  int gzip_level = 1;
  std::string server_name = "keepa-deals";
  // What a request the server itself refuses gets (413, 431, 400, and 500
  // when the handler throws), with why in words. Default: that text, plain.
  std::function<http_response(int status, const std::string& why)> refusal;
  // Called on the I/O thread for each accepted connection (the mock counts them).
  std::function<void()> on_accept;
};

class http_server {
public:
  // Throws std::invalid_argument naming a bad option (threads, gzip level, address).
  http_server(http_server_options options, http_handler handler);
  ~http_server();
  http_server(const http_server&) = delete;
  http_server& operator=(const http_server&) = delete;

  // Binds, listens and starts the I/O threads; returns once connections are
  // accepted. Throws std::runtime_error naming the address when it cannot bind.
  void start();
  // Closes the listener and every connection and joins the threads. Idempotent.
  void stop();

  std::uint16_t port() const;  // the bound port, after start()

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

} // namespace net
