// Each fault on demand, injected in-process and over POST /mock/fault:
// what the client sees, and that faulted requests are not billed.
#include "http_client.hpp"
#include "json_probe.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <future>

using namespace mock_test;

namespace {

mock::fault make_fault(mock::fault_kind kind, int count = 1) {
  mock::fault f;
  f.kind = kind;
  f.count = count;
  return f;
}

std::string light(std::size_t n) { return product_target(asin_list(0, n), "stats=30&history=0"); }

} // namespace

TEST_CASE("a 429 storm refuses the next N requests whatever the balance, then passes", "[faults]") {
  auto server = started(small_universe(50));
  http_client client(server->port());
  server->inject(make_fault(mock::fault_kind::token_storm, 2));
  for (int i = 0; i < 2; ++i) {
    const auto refused = client.get(light(3));
    CHECK(refused.status == 429);
    CHECK(json_string(refused.body, "/error/type") == "NOT_ENOUGH_TOKEN");
    CHECK(json_has(refused.body, "/refillIn"));
  }
  CHECK(client.get(light(3)).status == 200);
  CHECK(server->stats().tokens_charged_total == 3);
}

TEST_CASE("503 and 500 answer with Keepa's error body and cost nothing", "[faults]") {
  auto server = started(small_universe(50));
  http_client client(server->port());
  server->inject(make_fault(mock::fault_kind::service_unavailable));
  server->inject(make_fault(mock::fault_kind::internal_error));
  const auto unavailable = client.get(light(2));
  CHECK(unavailable.status == 503);
  CHECK(json_int(unavailable.body, "/tokensConsumed") == 0);
  const auto failed = client.get(light(2));
  CHECK(failed.status == 500);
  CHECK(json_string(failed.body, "/error/type") == "INTERNAL_SERVER_ERROR");
  CHECK(server->stats().tokens_charged_total == 0);
}

TEST_CASE("a dropped connection gets no answer; the next connection is served", "[faults]") {
  auto server = started(small_universe(50));
  http_client client(server->port());
  server->inject(make_fault(mock::fault_kind::drop_connection));
  const auto dropped = client.get(light(2));
  CHECK(dropped.status == 0);
  CHECK_FALSE(dropped.transport_error.empty());
  CHECK(client.get(light(2)).status == 200);
  CHECK(client.connections_opened() == 2);
  CHECK(server->stats().connections_dropped == 1);
}

TEST_CASE("truncated gzip arrives complete by Content-Length but does not inflate", "[faults]") {
  auto server = started(small_universe(50));
  http_client client(server->port());
  server->inject(make_fault(mock::fault_kind::truncated_gzip));
  const auto cut = client.get(light(5));
  CHECK(cut.status == 200);
  CHECK(cut.content_encoding == "gzip");
  CHECK_THAT(cut.inflate_error, Catch::Contains("truncated"));
  const auto whole = client.get(light(5));
  CHECK(whole.inflate_error.empty());
  CHECK(json_valid(whole.body));
}

TEST_CASE("malformed JSON inflates fine and fails to parse", "[faults]") {
  auto server = started(small_universe(50));
  http_client client(server->port());
  server->inject(make_fault(mock::fault_kind::malformed_json));
  const auto bad = client.get(light(5));
  CHECK(bad.status == 200);
  CHECK(bad.inflate_error.empty());
  CHECK_FALSE(bad.body.empty());
  CHECK_FALSE(json_valid(bad.body));
}

TEST_CASE("products go missing from a batch and only the ones sent are billed", "[faults]") {
  auto server = started(small_universe(50));
  http_client client(server->port());
  auto f = make_fault(mock::fault_kind::missing_products);
  f.missing = 3;
  server->inject(f);
  const auto short_batch = client.get(light(10));
  REQUIRE(short_batch.status == 200);
  CHECK(json_size(short_batch.body, "/products") == 7);
  CHECK(json_int(short_batch.body, "/tokensConsumed") == 7);
}

TEST_CASE("a slow answer is held back while other connections are served", "[faults]") {
  auto server = started(small_universe(50));
  auto f = make_fault(mock::fault_kind::slow);
  f.delay_ms = 3000;
  f.endpoint = "product";
  server->inject(f);
  auto slow = std::async(std::launch::async, [port = server->port()] { return http_client(port).get(light(2)); });
  http_client other(server->port());
  // Wait (without a deadline) until the slow request has taken its fault.
  while (json_int(other.get("/mock/stats").body, "/pending_faults") != 0)
    std::this_thread::yield();
  CHECK(other.get("/token?key=" + std::string(test_key)).status == 200);
  CHECK(slow.wait_for(std::chrono::seconds(0)) != std::future_status::ready);
  CHECK(slow.get().status == 200);
}

TEST_CASE("faults can be injected over HTTP, aimed at one endpoint", "[faults]") {
  auto server = started(small_universe(50));
  http_client client(server->port());
  const auto injected = client.post("/mock/fault?kind=503&count=2&endpoint=deal", "");
  REQUIRE(injected.status == 200);
  CHECK(json_int(injected.body, "/pending_faults") == 1);
  CHECK(client.get(light(1)).status == 200);  // /product is not the target
  const std::string deal = "/deal?key=" + std::string(test_key) + "&selection=%7B%7D";
  CHECK(client.get(deal).status == 503);
  CHECK(client.get(deal).status == 503);
  CHECK(client.get(deal).status == 200);
  const auto unknown = client.post("/mock/fault?kind=explode", "");
  CHECK(unknown.status == 400);
  CHECK_THAT(unknown.body, Catch::Contains("explode") && Catch::Contains("truncated-gzip"));
}

TEST_CASE("502 answers with Keepa's error body and costs nothing", "[faults]") {
  auto server = started(small_universe(50));
  http_client client(server->port());
  server->inject(make_fault(mock::fault_kind::bad_gateway));
  const auto refused = client.get(light(2));
  CHECK(refused.status == 502);
  CHECK(json_string(refused.body, "/error/type") == "BAD_GATEWAY");
  CHECK(server->stats().tokens_charged_total == 0);
  CHECK(client.get(light(2)).status == 200);
}

TEST_CASE("a reset mid-body and an oversized answer reach the client broken, billed as sent", "[faults]") {
  auto server = started(small_universe(50));
  server->inject(make_fault(mock::fault_kind::reset_mid_body));
  server->inject(make_fault(mock::fault_kind::oversized));
  const auto reset = http_client(server->port()).get(light(4));
  CHECK(reset.status == 0);
  CHECK_FALSE(reset.transport_error.empty());
  const auto oversized = http_client(server->port()).get(light(4));
  CHECK(oversized.status == 0);
  CHECK_FALSE(oversized.transport_error.empty());
  // Keepa bills what it answered, whether or not the answer arrived.
  CHECK(server->stats().tokens_charged_total == 8);
  CHECK(http_client(server->port()).get(light(4)).status == 200);
}

TEST_CASE("duplicate products list every product twice and bill it once", "[faults]") {
  auto server = started(small_universe(50));
  http_client client(server->port());
  server->inject(make_fault(mock::fault_kind::duplicate_products));
  const auto doubled = client.get(light(3));
  REQUIRE(doubled.status == 200);
  CHECK(json_size(doubled.body, "/products") == 6);
  CHECK(json_string(doubled.body, "/products/0/asin") == json_string(doubled.body, "/products/1/asin"));
  CHECK(json_int(doubled.body, "/tokensConsumed") == 3);
}

TEST_CASE("a shifted feed page starts earlier, repeating the previous page's last entries", "[faults]") {
  auto server = started(small_universe(fixtures::paged_feed_products));
  http_client client(server->port());
  auto page = [&](int n) {
    const auto r = client.get("/deal?key=" + std::string(test_key) + "&selection=%7B%22page%22%3A" +
                              std::to_string(n) + "%7D");
    REQUIRE(r.status == 200);
    return r.body;
  };
  const auto first = page(0);
  REQUIRE(json_size(first, "/deals/dr") == 150);
  auto shift = make_fault(mock::fault_kind::feed_shift);
  shift.shift = 7;
  server->inject(shift);
  const auto shifted = page(1);
  for (int i = 0; i < 7; ++i)
    CHECK(json_string(shifted, "/deals/dr/" + std::to_string(i) + "/asin") ==
          json_string(first, "/deals/dr/" + std::to_string(143 + i) + "/asin"));
  const auto unshifted = page(1);
  CHECK(json_string(unshifted, "/deals/dr/0/asin") == json_string(shifted, "/deals/dr/7/asin"));
}

TEST_CASE("a fault with after=N lets N requests to its endpoint pass before it hits", "[faults]") {
  auto server = started(small_universe(50));
  http_client client(server->port());
  auto f = make_fault(mock::fault_kind::service_unavailable, 2);
  f.after = 2;
  f.endpoint = "product";
  server->inject(f);
  CHECK(client.get("/token?key=" + std::string(test_key)).status == 200);  // another endpoint: not counted
  CHECK(client.get(light(1)).status == 200);
  CHECK(client.get(light(1)).status == 200);
  CHECK(client.get(light(1)).status == 503);
  CHECK(client.get(light(1)).status == 503);
  CHECK(client.get(light(1)).status == 200);
}
