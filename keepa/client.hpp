// The Keepa API client: /product, /deal, /seller and /token over net::http_client,
// with the official client's retry rules and the envelope handed back with
// every payload so the token bucket can follow the server.
//
// Threading: every call returns at once. Results arrive through a callback on
// the HTTP client's I/O thread (keep it short; an actor turns it into a
// message to itself), or through a std::future for tests, benchmarks and
// commands. Retry waits are timers on that I/O thread, never sleeps, so a
// 429 that waits minutes blocks no one. A request with bad parameters (say
// 101 ASINs) is refused at once: its callback runs before the call returns.
#pragma once

#include "keepa/client_query.hpp"
#include "keepa/client_retry.hpp"
#include "keepa/exchange_recorder.hpp"
#include "keepa/product.hpp"
#include "net/http_client.hpp"

#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

namespace keepa {

struct client_config {
  std::string base_url = "https://api.keepa.com";  // the mock: http://127.0.0.1:PORT
  std::string api_key;  // never printed: URLs go through net::redact_url
  std::int32_t domain = 1;
  retry_policy retry;
  net::client_options http;
  // Null unless `run --capture`: every exchange goes through it.
  std::shared_ptr<exchange_recorder> recorder;
};

// A failed request after its retries. The message names the request (key
// redacted), the HTTP status and the server's error message, if any.
class client_error : public std::runtime_error {
public:
  enum class cause { invalid_request, network, http_status, malformed_body, out_of_retries };
  client_error(cause c, std::string message, int http_status = 0,
               std::optional<api_error> api = std::nullopt, std::optional<envelope> env = std::nullopt,
               int attempts = 0)
      : std::runtime_error(std::move(message)), cause_(c), status_(http_status),
        api_(std::move(api)), env_(env), attempts_(attempts) {}
  cause why() const { return cause_; }
  int http_status() const { return status_; }
  const std::optional<api_error>& server_error() const { return api_; }
  const std::optional<envelope>& last_envelope() const { return env_; }
  int attempts() const { return attempts_; }

private:
  cause cause_;
  int status_;
  std::optional<api_error> api_;
  std::optional<envelope> env_;
  int attempts_;
};

// Where the time of the last attempt went, for benchmarks.
struct reply_timing {
  net::exchange_timing http;
  std::chrono::microseconds parse{0};
  std::size_t wire_bytes = 0;
  std::size_t body_bytes = 0;
};

template <class Payload>
struct reply {
  Payload payload;  // carries its envelope (payload.env)
  int attempts = 1;
  reply_timing timing;
};

template <class Payload>
using result = std::variant<reply<Payload>, client_error>;

template <class Payload>
using result_callback = std::function<void(result<Payload>)>;

struct token_status {
  envelope env;
};

class client {
public:
  explicit client(client_config config);
  ~client();
  client(const client&) = delete;
  client& operator=(const client&) = delete;

  void products(std::vector<std::string> asins, const product_request& request,
                result_callback<product_response> done);
  void deals(const deal_selection& selection, result_callback<deal_response> done);
  void sellers(std::vector<std::string> seller_ids, result_callback<seller_response> done);
  void tokens(result_callback<token_status> done);

  // Future forms; get() throws client_error.
  std::future<reply<product_response>> products(std::vector<std::string> asins,
                                                const product_request& request);
  std::future<reply<deal_response>> deals(const deal_selection& selection);
  // Pages from selection.page on until a page holds fewer than 150 deals or
  // max_pages were read; deals concatenated, tokens_consumed summed, the
  // other envelope fields from the last page.
  std::future<reply<deal_response>> all_deals(deal_selection selection, int max_pages);
  std::future<reply<seller_response>> sellers(std::vector<std::string> seller_ids);
  std::future<reply<token_status>> tokens();

  const net::http_client& http() const;

private:
  class impl;
  std::unique_ptr<impl> impl_;
};

} // namespace keepa
