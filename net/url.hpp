// Splitting an http(s) URL into the parts a connection needs, and
// percent-encoding query values. No network code here.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace net {

struct url {
  std::string scheme;  // "http" or "https"
  std::string host;
  std::uint16_t port = 0;
  std::string target;  // path and query, at least "/"

  bool tls() const { return scheme == "https"; }
  // "host" or "host:port" when the port is not the scheme's default.
  std::string host_header() const;
  // "scheme://host:port": the key of the connection pool.
  std::string origin() const;
};

// Throws std::invalid_argument naming the (redacted) URL and what is wrong.
url parse_url(std::string_view text);

// RFC 3986 percent-encoding of everything but unreserved characters.
std::string url_encode(std::string_view value);

// The value of one hex digit of a percent-escape (either case), or -1.
constexpr int hex_digit_value(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

} // namespace net
