// A tiny blocking HTTP/1.1 client for the mock's tests: one keep-alive
// connection to 127.0.0.1, gzip bodies inflated, transport failures reported
// rather than thrown. Independent of the project's real Keepa client.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace mock_test {

struct http_reply {
  int status = 0;                 // 0 when the transport failed
  std::string transport_error;    // why, when status is 0
  std::string content_encoding;
  std::string raw_body;           // as received
  std::string body;               // inflated when gzip
  std::string inflate_error;      // when the gzip body could not be inflated
  bool keep_alive = false;
};

class http_client {
public:
  explicit http_client(std::uint16_t port);
  ~http_client();

  http_reply get(std::string_view target);
  http_reply post(std::string_view target, std::string_view body, std::string_view content_type = "application/json");
  http_reply request(std::string_view method, std::string_view target, std::string_view body,
                     std::string_view content_type);

  // Writes `bytes` on a new connection and returns all that comes back until the server closes.
  std::string exchange_raw(std::string_view bytes);

  // Connections opened so far (a keep-alive client opens one).
  int connections_opened() const;

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

} // namespace mock_test
