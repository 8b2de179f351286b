// The mock's answers without the transport: a request (method, target, body)
// in, a reply (status, JSON body, what the transport should do wrong) out.
// /mock/* control requests are passed on to control_endpoints.cpp.
// Holds the universe or the captures, the token bucket, the clock, the faults
// and the counters, behind one mutex; the HTTP server calls it from its threads.
#pragma once

#include "keepa/product.hpp"
#include "mock/mock_server.hpp"

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace mock {

struct reply {
  int status = 200;
  std::string body;             // JSON, not yet compressed
  bool gzip = true;             // Keepa endpoints always; /mock/* control never
  int delay_ms = 0;             // slow fault
  bool drop_connection = false; // drop fault: close without answering
  bool truncate_gzip = false;   // truncated-gzip fault: send half the gzip bytes
  bool reset_mid_body = false;  // reset fault: half the body, then a TCP reset
  bool oversized = false;       // oversized fault: announce a body of 1 GiB, send a little, reset
};

class keepa_service {
public:
  // Throws std::invalid_argument on a bad option and std::runtime_error on
  // unreadable captures.
  explicit keepa_service(const server_options& options);
  ~keepa_service();

  reply handle(std::string_view method, std::string_view target, std::string_view body);

  server_stats stats() const;
  // Every deal the feed lists now for `selection_json` (all pages), neither
  // billed nor counted: what a benchmark compares a node's store with.
  std::vector<keepa::deal> listed(std::string_view selection_json);
  void advance(std::chrono::milliseconds by);
  std::int64_t now_ms() const;
  void inject(const fault& f);
  void clear_faults();
  void count_connection();

private:
  struct state;
  std::unique_ptr<state> state_;
};

} // namespace mock
