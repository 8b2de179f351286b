// Where a server listens, as a config writes it: "127.0.0.1:8088",
// "[::1]:8088", "localhost:8088" or "0.0.0.0:8088"; port 0 lets the system pick.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace net {

struct listen_address {
  std::string host;  // an IP literal ("localhost" becomes 127.0.0.1)
  std::uint16_t port = 0;
  bool loopback = false;  // 127.0.0.0/8 or ::1
};

// Throws std::invalid_argument saying what is wrong with `text` (no port, a
// port out of range, a host that is not an IP address or localhost).
listen_address parse_listen_address(std::string_view text);

} // namespace net
