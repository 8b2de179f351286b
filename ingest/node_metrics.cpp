#include "ingest/node_metrics.hpp"

#include <algorithm>

namespace ingest {
namespace {
constexpr auto relaxed = std::memory_order_relaxed;
}

void latency_histogram::observe(std::chrono::nanoseconds d) {
  const double seconds = std::chrono::duration<double>(d).count();
  const auto slot = std::lower_bound(bounds.begin(), bounds.end(), seconds) - bounds.begin();
  per_bucket_[static_cast<std::size_t>(slot)].fetch_add(1, relaxed);
  sum_ns_.fetch_add(d.count(), relaxed);
}

latency_histogram::reading latency_histogram::read() const {
  reading r;
  std::int64_t running = 0;
  for (std::size_t i = 0; i < bounds.size(); ++i) {
    running += per_bucket_[i].load(relaxed);
    r.cumulative[i] = running;
  }
  r.count = running + per_bucket_[bounds.size()].load(relaxed);
  r.sum_seconds = static_cast<double>(sum_ns_.load(relaxed)) / 1e9;
  return r;
}

std::string_view name_of(fetch_endpoint e) {
  switch (e) {
  case fetch_endpoint::product: return "product";
  case fetch_endpoint::deal: return "deal";
  case fetch_endpoint::token: return "token";
  }
  return "unknown";
}

std::string_view name_of(fetch_failure f) {
  switch (f) {
  case fetch_failure::invalid_request: return "invalid_request";
  case fetch_failure::network: return "network";
  case fetch_failure::http_status: return "http_status";
  case fetch_failure::malformed_body: return "malformed_body";
  case fetch_failure::out_of_retries: return "out_of_retries";
  case fetch_failure::other: return "other";
  }
  return "unknown";
}

void node_metrics::set_bucket(std::int64_t tokens_left, std::int64_t reserved, std::int64_t waiting, bool known) {
  tokens_left_.store(tokens_left, relaxed);
  tokens_reserved_.store(reserved, relaxed);
  grants_waiting_.store(waiting, relaxed);
  bucket_known_.store(known, relaxed);
}

void node_metrics::add_spent(const token_use& use) {
  spent_pages_.fetch_add(use.deal_pages, relaxed);
  spent_heavy_.fetch_add(use.heavy, relaxed);
  spent_offers_.fetch_add(use.offers, relaxed);
  spent_light_.fetch_add(use.light, relaxed);
}

void node_metrics::write_done(std::chrono::nanoseconds took, bool committed, std::int64_t rows) {
  write_latency_.observe(took);
  if (committed) {
    writes_committed_.fetch_add(1, relaxed);
    rows_written_.fetch_add(rows, relaxed);
  } else {
    writes_failed_.fetch_add(1, relaxed);
  }
}

void node_metrics::fetch_error(fetch_endpoint where, fetch_failure why) {
  fetch_errors_[static_cast<std::size_t>(where)][static_cast<std::size_t>(why)].fetch_add(1, relaxed);
}

void node_metrics::janitor_deleted(std::int64_t rows) { janitor_deleted_.fetch_add(rows, relaxed); }

metrics_reading node_metrics::read() const {
  metrics_reading r;
  r.bucket_known = bucket_known_.load(relaxed);
  r.tokens_left = tokens_left_.load(relaxed);
  r.tokens_reserved = tokens_reserved_.load(relaxed);
  r.grants_waiting = grants_waiting_.load(relaxed);
  r.tokens_spent = {spent_pages_.load(relaxed), spent_heavy_.load(relaxed), spent_offers_.load(relaxed),
                    spent_light_.load(relaxed)};
  r.writes_committed = writes_committed_.load(relaxed);
  r.writes_failed = writes_failed_.load(relaxed);
  r.rows_written = rows_written_.load(relaxed);
  r.write_latency = write_latency_.read();
  for (std::size_t e = 0; e < fetch_endpoints.size(); ++e)
    for (std::size_t f = 0; f < fetch_failures.size(); ++f)
      r.fetch_errors[e][f] = fetch_errors_[e][f].load(relaxed);
  r.janitor_deleted = janitor_deleted_.load(relaxed);
  return r;
}

} // namespace ingest
