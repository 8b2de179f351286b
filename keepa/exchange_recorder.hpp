// Where the client reports every HTTP exchange it makes, for `run --capture`:
// each attempt of each call, answered or not. The request is given as its
// path and query without the key; the body as it arrived, inflated.
#pragma once

#include <cstdint>
#include <string_view>

namespace keepa {

struct exchange {
  std::uint64_t call = 0;   // one per client call; its retries share it
  int attempt = 1;
  std::string_view path;    // "/product"
  std::string_view query;   // "domain=1&asin=..." (never the key)
  int status = 0;           // 0: no HTTP answer (see failure)
  std::string_view body;
  std::string_view failure; // the network error when status is 0
};

class exchange_recorder {
public:
  virtual ~exchange_recorder() = default;
  // Called on the client's I/O threads, so it must be thread-safe. It must
  // not throw: a capture that cannot be written is logged and disabled by
  // the recorder, never allowed to fail a fetch.
  virtual void record(const exchange& e) noexcept = 0;
};

} // namespace keepa
