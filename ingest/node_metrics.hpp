// What the node's actors did since it started, as atomics the actors bump
// and the HTTP server reads from its own threads: the live half of /metrics
// (the store's half comes from storage/status_queries.hpp). No actor and no
// lock: a reader may see one counter a step ahead of another, never a torn value.
#pragma once

#include "ingest/token_use.hpp"

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <string_view>

namespace ingest {

// A histogram of durations with fixed bounds, in seconds as Prometheus wants.
class latency_histogram {
public:
  static constexpr std::array<double, 12> bounds{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                 0.05,   0.1,   0.25,   0.5,   1.0,  2.5};
  struct reading {
    std::array<std::int64_t, bounds.size()> cumulative{};  // observations <= bounds[i]
    std::int64_t count = 0;                                 // all of them: the +Inf bucket
    double sum_seconds = 0;
  };

  void observe(std::chrono::nanoseconds d);
  reading read() const;

private:
  std::array<std::atomic<std::int64_t>, bounds.size() + 1> per_bucket_{};  // the last: over every bound
  std::atomic<std::int64_t> sum_ns_{0};
};

// Where a Keepa call failed, and why (keepa::client_error's causes; "other"
// for a source that gives none).
enum class fetch_endpoint { product, deal, token };
enum class fetch_failure { invalid_request, network, http_status, malformed_body, out_of_retries, other };
inline constexpr std::array<fetch_endpoint, 3> fetch_endpoints{fetch_endpoint::product, fetch_endpoint::deal,
                                                               fetch_endpoint::token};
inline constexpr std::array<fetch_failure, 6> fetch_failures{
    fetch_failure::invalid_request, fetch_failure::network,        fetch_failure::http_status,
    fetch_failure::malformed_body,  fetch_failure::out_of_retries, fetch_failure::other};
std::string_view name_of(fetch_endpoint e);
std::string_view name_of(fetch_failure f);

struct metrics_reading {
  bool bucket_known = false;  // false until the first envelope from Keepa
  std::int64_t tokens_left = 0;
  std::int64_t tokens_reserved = 0;
  std::int64_t grants_waiting = 0;
  token_use tokens_spent;
  std::int64_t writes_committed = 0;  // write transactions (batches) committed
  std::int64_t writes_failed = 0;     // batches rolled back
  std::int64_t rows_written = 0;      // rows inserted or updated by them
  latency_histogram::reading write_latency;
  std::array<std::array<std::int64_t, fetch_failures.size()>, fetch_endpoints.size()> fetch_errors{};
  std::int64_t janitor_deleted = 0;
};

class node_metrics {
public:
  // The token bucket after each of its steps.
  // known: the balance is Keepa's, not a guess made when /token failed.
  void set_bucket(std::int64_t tokens_left, std::int64_t reserved, std::int64_t waiting, bool known);
  void add_spent(const token_use& use);
  // One write transaction: how long it took, and whether it committed.
  void write_done(std::chrono::nanoseconds took, bool committed, std::int64_t rows);
  void fetch_error(fetch_endpoint where, fetch_failure why);
  void janitor_deleted(std::int64_t rows);

  metrics_reading read() const;

private:
  std::atomic<bool> bucket_known_{false};
  std::atomic<std::int64_t> tokens_left_{0}, tokens_reserved_{0}, grants_waiting_{0};
  std::atomic<std::int64_t> spent_pages_{0}, spent_heavy_{0}, spent_offers_{0}, spent_light_{0};
  std::atomic<std::int64_t> writes_committed_{0}, writes_failed_{0}, rows_written_{0};
  latency_histogram write_latency_;
  std::array<std::array<std::atomic<std::int64_t>, fetch_failures.size()>, fetch_endpoints.size()> fetch_errors_{};
  std::atomic<std::int64_t> janitor_deleted_{0};
};

} // namespace ingest
