// A mock Keepa server over real HTTP on 127.0.0.1: /product, /deal, /seller
// and /token answered from the synthetic universe (or replayed captures),
// billed like Keepa, with a clock tests can move and faults on demand.
// No Beast or Asio types here: the transport is net/http_server.cpp.
#pragma once

#include "keepa/time.hpp"
#include "synth/default_now.hpp"

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace synth {
class universe;
}

namespace mock {

// The instant an in-process server starts at unless told otherwise: the
// synthetic universe's default date, so tests are pinned by default.
inline constexpr std::int64_t default_start_ms = keepa::to_unix(synth::default_now) * 1000;

struct server_options {
  std::string address = "127.0.0.1";  // anything else is refused
  std::uint16_t port = 0;             // 0: the system picks a free port
  std::size_t universe_products = 1000;
  std::uint64_t seed = 1;
  std::int32_t history_days = 1095;
  std::int32_t token_rate = 20;                 // tokens generated per minute
  std::optional<std::int64_t> initial_tokens;   // default: a full bucket (60 minutes' worth)
  std::string api_key;                          // empty: any non-empty key is accepted
  std::string replay_dir;                       // non-empty: /product and /deal from captures
  // The server's clock when it is built, Unix ms: the universe is generated
  // at this instant and the clock runs (or, simulated, is moved) from it.
  // The date decides what the feed holds (prices are seasonal), so nothing
  // here reads the wall clock; `keepa-deals mock-server` passes its --start,
  // or the wall clock without one.
  std::int64_t start_ms = default_start_ms;
  bool simulated_clock = false;                 // time moves only through advance()
  std::size_t threads = 1;                      // I/O threads
  std::size_t body_limit = 1 << 20;             // request body bytes
  int gzip_level = 1;                           // zlib level; 1 keeps the mock off the profile
  // A universe built already (for universe_products, seed, history_days and
  // start_ms), copied instead of built again: building 200,000 books takes
  // minutes, copying them a second. A benchmark that runs several nodes
  // against the same universe builds it once.
  std::shared_ptr<const synth::universe> prebuilt;
};

// What goes wrong, on purpose, for the next `count` Keepa requests.
enum class fault_kind {
  token_storm,          // 429 NOT_ENOUGH_TOKEN whatever the balance
  service_unavailable,  // 503
  internal_error,       // 500
  slow,                 // answered after delay_ms
  drop_connection,      // the connection closes without an answer
  truncated_gzip,       // the gzip body is cut in half
  malformed_json,       // a well-gzipped body that is not valid JSON
  missing_products,     // `missing` products left out of each /product answer
  bad_gateway,          // 502
  reset_mid_body,       // half the body sent, then the connection reset
  oversized,            // a header announcing a body far over any client's limit
  duplicate_products,   // every product listed twice in the /product answer
  feed_shift,           // /deal pages start `shift` entries earlier (new deals arrived on top)
};

struct fault {
  fault_kind kind = fault_kind::internal_error;
  int count = 1;
  int delay_ms = 0;
  int missing = 1;
  std::string endpoint;  // "product", "deal", "seller", "token"; empty: any
  int shift = 1;         // feed-shift: entries each page starts earlier
  int after = 0;         // requests to the endpoint that pass untouched before the first hit
};

// "storm", "503", "500", "slow", "drop", "truncated-gzip", "malformed-json",
// "missing-products", "502", "reset", "oversized", "duplicates", "feed-shift"
// (also the enum's own names with '_' or '-').
std::optional<fault_kind> fault_kind_from_name(std::string_view name);
std::string_view fault_kind_name(fault_kind kind);

struct server_stats {
  std::int64_t tokens_charged_total = 0;
  std::map<std::string, std::int64_t> tokens_charged;  // by endpoint: product, deal, seller
  std::map<int, std::int64_t> responses_by_status;     // Keepa endpoints only
  std::int64_t requests_total = 0;
  std::int64_t connections_dropped = 0;
  std::int64_t connections_accepted = 0;
  std::int64_t tokens_left = 0;
  std::int32_t refill_rate = 0;
  std::int64_t clock_ms = 0;  // the server's clock, Unix ms
  bool simulated_clock = false;
  std::size_t pending_faults = 0;
  std::size_t universe_products = 0;
  std::size_t replayed_products = 0;
};

// The counters as the JSON object GET /mock/stats answers with.
std::string stats_json(const server_stats& stats);

class mock_server {
public:
  // Builds the universe (or loads the captures). Throws std::invalid_argument
  // on a bad option, naming it (an address other than 127.0.0.1 among them),
  // std::runtime_error on unreadable captures.
  explicit mock_server(server_options options);
  ~mock_server();
  mock_server(const mock_server&) = delete;
  mock_server& operator=(const mock_server&) = delete;

  // Binds, listens and starts the I/O threads; returns once connections are
  // accepted. Throws std::runtime_error when the port cannot be bound.
  void start();
  // Closes the listener and every connection and joins the threads. Idempotent.
  void stop();

  std::uint16_t port() const;
  server_stats stats() const;
  std::string stats_json() const;

  // Simulated clock only (std::logic_error otherwise): the bucket refills
  // and the universe moves as if `by` had passed.
  void advance(std::chrono::milliseconds by);
  std::int64_t now_ms() const;

  void inject(const fault& f);
  void clear_faults();

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

} // namespace mock
