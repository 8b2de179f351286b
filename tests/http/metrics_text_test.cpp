// web::render_metrics from known readings: what the counters say is what
// /metrics says, and the text passes the strict parser.
#include "prometheus_text.hpp"
#include "web/metrics_text.hpp"

#include <catch2/catch.hpp>

using namespace std::chrono_literals;

TEST_CASE("the metrics text carries every counter, the histogram and the store's counts, and parses strictly") {
  ingest::node_metrics m;
  m.set_bucket(212, 30, 4, true);
  m.add_spent({.deal_pages = 10, .heavy = 120, .offers = 60, .light = 7});
  m.add_spent({.deal_pages = 5});
  m.write_done(300us, true, 100);   // 0.0003 s: the first bucket
  m.write_done(1ms, true, 20);      // exactly on a bound: counted in it (le is <=)
  m.write_done(40ms, false, 0);     // a rollback: timed, not committed
  m.write_done(3s, true, 1);        // over every bound: only +Inf
  m.fetch_error(ingest::fetch_endpoint::product, ingest::fetch_failure::network);
  m.fetch_error(ingest::fetch_endpoint::product, ingest::fetch_failure::network);
  m.fetch_error(ingest::fetch_endpoint::deal, ingest::fetch_failure::out_of_retries);
  m.janitor_deleted(17);
  storage::status_snapshot store;
  store.by_age[0].deals = 5;
  store.by_age[1].deals = 6;
  store.by_age[2].deals = 7;
  store.by_age[3].deals = 1;
  store.notifications = {.pending = 9, .sent = 2, .failed = 0};

  const auto e = prom::parse(web::render_metrics(m.read(), store));
  CHECK(e.value("keepa_deals_tokens_known") == 1);
  CHECK(e.value("keepa_deals_tokens_left") == 212);
  CHECK(e.value("keepa_deals_tokens_reserved") == 30);
  CHECK(e.value("keepa_deals_token_grants_waiting") == 4);
  CHECK(e.value("keepa_deals_tokens_spent_total", {{"kind", "deal_pages"}}) == 15);
  CHECK(e.value("keepa_deals_tokens_spent_total", {{"kind", "heavy"}}) == 120);
  CHECK(e.value("keepa_deals_tokens_spent_total", {{"kind", "offers"}}) == 60);
  CHECK(e.value("keepa_deals_tokens_spent_total", {{"kind", "light"}}) == 7);
  CHECK(e.value("keepa_deals_live_deals", {{"age", "1h"}}) == 5);
  CHECK(e.value("keepa_deals_live_deals", {{"age", "older"}}) == 1);
  CHECK(e.value("keepa_deals_writes_committed_total") == 3);
  CHECK(e.value("keepa_deals_writes_failed_total") == 1);
  CHECK(e.value("keepa_deals_rows_written_total") == 121);
  CHECK(e.value("keepa_deals_write_duration_seconds_bucket", {{"le", "0.0005"}}) == 1);
  CHECK(e.value("keepa_deals_write_duration_seconds_bucket", {{"le", "0.001"}}) == 2);
  CHECK(e.value("keepa_deals_write_duration_seconds_bucket", {{"le", "0.05"}}) == 3);
  CHECK(e.value("keepa_deals_write_duration_seconds_bucket", {{"le", "2.5"}}) == 3);
  CHECK(e.value("keepa_deals_write_duration_seconds_bucket", {{"le", "+Inf"}}) == 4);
  CHECK(e.value("keepa_deals_write_duration_seconds_count") == 4);
  CHECK(e.value("keepa_deals_write_duration_seconds_sum") == Approx(3.0413));
  CHECK(e.value("keepa_deals_fetch_errors_total", {{"endpoint", "product"}, {"reason", "network"}}) == 2);
  CHECK(e.value("keepa_deals_fetch_errors_total", {{"endpoint", "deal"}, {"reason", "out_of_retries"}}) == 1);
  CHECK(e.sum("keepa_deals_fetch_errors_total") == 3);
  CHECK(e.value("keepa_deals_janitor_deleted_total") == 17);
  CHECK(e.value("keepa_deals_notifications", {{"state", "pending"}}) == 9);
  CHECK(e.value("keepa_deals_notifications", {{"state", "sent"}}) == 2);
  CHECK(e.value("keepa_deals_notifications", {{"state", "failed"}}) == 0);
  for (const auto& f : e.families)
    if (f.type == "counter") {
      INFO(f.name);
      CHECK(f.name.size() > 6);
      CHECK(f.name.compare(f.name.size() - 6, 6, "_total") == 0);
    }
}

TEST_CASE("before the bucket knows its balance the metrics say so rather than show a balance of 0") {
  ingest::node_metrics m;
  const auto e = prom::parse(web::render_metrics(m.read(), {}));
  CHECK(e.value("keepa_deals_tokens_known") == 0);
  CHECK(e.value("keepa_deals_write_duration_seconds_count") == 0);
}
