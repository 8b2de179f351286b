#include "web/metrics_text.hpp"

#include "web/prometheus_writer.hpp"

#include <fmt/format.h>

namespace web {

std::string render_metrics(const ingest::metrics_reading& live, const storage::status_snapshot& store) {
  prometheus_writer w;
  w.family("keepa_deals_tokens_known", "gauge", "1 once the token bucket has read the balance from Keepa, else 0.");
  w.sample("", {}, std::int64_t{live.bucket_known ? 1 : 0});
  w.family("keepa_deals_tokens_left", "gauge", "Keepa tokens in the bucket now, reservations included.");
  w.sample("", {}, live.tokens_left);
  w.family("keepa_deals_tokens_reserved", "gauge", "Tokens reserved by calls in flight.");
  w.sample("", {}, live.tokens_reserved);
  w.family("keepa_deals_token_grants_waiting", "gauge", "Calls waiting for the bucket to grant their tokens.");
  w.sample("", {}, live.grants_waiting);
  w.family("keepa_deals_tokens_spent_total", "counter", "Tokens spent since the node started, by what they bought.");
  w.sample("", {{"kind", "deal_pages"}}, live.tokens_spent.deal_pages);
  w.sample("", {{"kind", "heavy"}}, live.tokens_spent.heavy);
  w.sample("", {{"kind", "offers"}}, live.tokens_spent.offers);
  w.sample("", {{"kind", "light"}}, live.tokens_spent.light);

  w.family("keepa_deals_live_deals", "gauge",
           "Deals stored, by how long ago they were last seen (age is the bucket's upper bound).");
  for (const auto& bucket : store.by_age)
    w.sample("", {{"age", bucket.label}}, bucket.deals);

  w.family("keepa_deals_writes_committed_total", "counter", "Write transactions (batches) the writer committed.");
  w.sample("", {}, live.writes_committed);
  w.family("keepa_deals_writes_failed_total", "counter", "Write transactions that rolled back.");
  w.sample("", {}, live.writes_failed);
  w.family("keepa_deals_rows_written_total", "counter", "Deal rows inserted or updated by committed writes.");
  w.sample("", {}, live.rows_written);
  w.family("keepa_deals_write_duration_seconds", "histogram", "Time of one write transaction, commit included.");
  const auto& h = live.write_latency;
  for (std::size_t i = 0; i < ingest::latency_histogram::bounds.size(); ++i) {
    const std::string le = fmt::format("{}", ingest::latency_histogram::bounds[i]);
    w.sample("_bucket", {{"le", le}}, h.cumulative[i]);
  }
  w.sample("_bucket", {{"le", "+Inf"}}, h.count);
  w.sample("_sum", {}, h.sum_seconds);
  w.sample("_count", {}, h.count);

  w.family("keepa_deals_fetch_errors_total", "counter",
           "Keepa calls that failed after the client's retries, by endpoint and cause.");
  for (std::size_t e = 0; e < ingest::fetch_endpoints.size(); ++e)
    for (std::size_t f = 0; f < ingest::fetch_failures.size(); ++f)
      w.sample("", {{"endpoint", ingest::name_of(ingest::fetch_endpoints[e])},
                    {"reason", ingest::name_of(ingest::fetch_failures[f])}},
               live.fetch_errors[e][f]);

  w.family("keepa_deals_janitor_deleted_total", "counter", "Deals the janitor deleted since the node started.");
  w.sample("", {}, live.janitor_deleted);

  // "failed" stays 0 until the outbox records failed deliveries (see storage/status_queries.hpp).
  w.family("keepa_deals_notifications", "gauge", "Notifications in the outbox, by delivery state.");
  w.sample("", {{"state", "pending"}}, store.notifications.pending);
  w.sample("", {{"state", "sent"}}, store.notifications.sent);
  w.sample("", {{"state", "failed"}}, store.notifications.failed);
  return w.text();
}

} // namespace web
