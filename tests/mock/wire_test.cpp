// The HTTP side: gzip on the wire, the envelope on every answer, keep-alive,
// Keepa-like errors that name the bad parameter, loopback-only binding.
#include "http_client.hpp"
#include "json_probe.hpp"
#include "test_support.hpp"

#include "keepa/product.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <thread>
#include <vector>

using namespace mock_test;

TEST_CASE("answers are gzip on the wire and carry every envelope field", "[wire]") {
  auto server = started(small_universe(50));
  http_client client(server->port());
  const auto reply = client.get(product_target(asin_list(0, 3), "stats=90&history=0"));
  REQUIRE(reply.status == 200);
  CHECK(reply.content_encoding == "gzip");
  REQUIRE(reply.raw_body.size() > 2);
  CHECK(static_cast<unsigned char>(reply.raw_body[0]) == 0x1f);
  CHECK(static_cast<unsigned char>(reply.raw_body[1]) == 0x8b);
  CHECK(reply.inflate_error.empty());
  for (const char* field : {"/timestamp", "/tokensLeft", "/refillIn", "/refillRate", "/tokensConsumed",
                            "/tokenFlowReduction", "/processingTimeInMs"})
    CHECK(json_has(reply.body, field));
  CHECK(json_int(reply.body, "/timestamp") == server->now_ms());
  CHECK(json_string(reply.body, "/products/0/asin") == synth::asin_for(test_seed, 0));
  CHECK(json_has(reply.body, "/products/0/stats/current"));
  CHECK_FALSE(json_has(reply.body, "/products/0/csv/3/0"));  // history=0 drops the histories
}

TEST_CASE("one keep-alive connection serves many requests", "[wire]") {
  auto server = started(small_universe(50));
  http_client client(server->port());
  for (int i = 0; i < 5; ++i) {
    const auto reply = client.get("/token?key=" + std::string(test_key));
    REQUIRE(reply.status == 200);
    CHECK(reply.keep_alive);
  }
  CHECK(client.connections_opened() == 1);
  CHECK(server->stats().connections_accepted == 1);
}

TEST_CASE("bad requests get Keepa-like errors that name what was wrong, and never echo the key", "[wire]") {
  auto server = started(small_universe(50));
  http_client client(server->port());
  const std::string key = "&key=" + std::string(test_key);

  const auto no_key = client.get("/product?domain=1&asin=" + asin_list(0, 1));
  CHECK(no_key.status == 400);
  CHECK_THAT(json_string(no_key.body, "/error/message"), Catch::Contains("key"));
  CHECK(json_has(no_key.body, "/tokensLeft"));

  const auto wrong_key = client.get("/product?domain=1&key=SECRETWRONGKEY&asin=" + asin_list(0, 1));
  CHECK(wrong_key.status == 400);
  CHECK_THAT(wrong_key.body, !Catch::Contains("SECRETWRONGKEY"));

  const auto too_many = client.get("/product?domain=1" + key + "&asin=" + asin_list(0, 101));
  CHECK(too_many.status == 400);
  CHECK_THAT(json_string(too_many.body, "/error/message"), Catch::Contains("101") && Catch::Contains("at most 100"));

  const auto bad_offers = client.get(product_target(asin_list(0, 1), "offers=5"));
  CHECK(bad_offers.status == 400);
  CHECK_THAT(json_string(bad_offers.body, "/error/message"), Catch::Contains("offers"));

  const auto bad_asin = client.get(product_target("0123456789,NOT-AN-ASIN", ""));
  CHECK(bad_asin.status == 400);
  CHECK_THAT(json_string(bad_asin.body, "/error/message"), Catch::Contains("item 1") && Catch::Contains("NOT-AN-ASIN"));

  const auto other_domain = client.get("/product?domain=3" + key + "&asin=" + asin_list(0, 1));
  CHECK(other_domain.status == 400);
  CHECK_THAT(json_string(other_domain.body, "/error/message"), Catch::Contains("domain"));

  const auto bad_selection = client.get("/deal?selection=%7B%22sortType%22%3A9%7D" + key);
  CHECK(bad_selection.status == 400);
  CHECK_THAT(json_string(bad_selection.body, "/error/message"), Catch::Contains("selection.sortType"));

  CHECK(client.get("/nothing?key=x").status == 404);
  CHECK(client.post("/product?domain=1" + key + "&asin=" + asin_list(0, 1), "").status == 405);
  CHECK(server->stats().tokens_charged_total == 0);
  CHECK(server->stats().responses_by_status.at(400) == 7);
}

TEST_CASE("unknown ASINs are left out of the answer and not billed; a repeated ASIN counts once", "[wire]") {
  auto server = started(small_universe(50));
  http_client client(server->port());
  const std::string first = synth::asin_for(test_seed, 0);
  const auto reply = client.get(product_target(asin_list(0, 2) + ",B000000000," + first, "history=0"));
  REQUIRE(reply.status == 200);
  CHECK(json_size(reply.body, "/products") == 2);
  CHECK(json_int(reply.body, "/tokensConsumed") == 2);
}

TEST_CASE("/seller answers every id with deterministic ratings", "[wire]") {
  auto server = started(small_universe(50));
  http_client client(server->port());
  const std::string target = "/seller?key=" + std::string(test_key) + "&domain=1&seller=A2L77EE7U53NWQ,ZX81";
  const auto first = client.get(target);
  REQUIRE(first.status == 200);
  const auto rating = json_int(first.body, "/sellers/ZX81/currentRating");
  CHECK(rating >= 0);
  CHECK(rating <= 100);
  CHECK(json_int(client.get(target).body, "/sellers/ZX81/currentRating") == rating);
  CHECK(client.get("/seller?key=" + std::string(test_key) + "&domain=1&seller=bad-id").status == 400);
}

TEST_CASE("the server binds to 127.0.0.1 only and says so", "[wire]") {
  for (const char* address : {"0.0.0.0", "192.168.1.5", "localhost", "::1", "::"}) {
    auto options = small_universe(10);
    options.address = address;
    CHECK_THROWS_WITH(mock::mock_server(options), Catch::Contains("127.0.0.1 only") && Catch::Contains(address));
  }
}

TEST_CASE("GET /mock/stats reports the counters as JSON", "[wire]") {
  auto server = started(small_universe(50));
  http_client client(server->port());
  REQUIRE(client.get(product_target(asin_list(0, 4), "history=0")).status == 200);
  REQUIRE(client.get("/product?domain=1&asin=" + asin_list(0, 1)).status == 400);
  const auto stats = client.get("/mock/stats");
  REQUIRE(stats.status == 200);
  CHECK(json_int(stats.body, "/tokens_charged_total") == 4);
  CHECK(json_int(stats.body, "/tokens_charged/product") == 4);
  CHECK(json_int(stats.body, "/tokens_charged/deal") == 0);
  CHECK(json_int(stats.body, "/responses_by_status/200") == 1);
  CHECK(json_int(stats.body, "/responses_by_status/400") == 1);
  CHECK(json_int(stats.body, "/requests_total") == 2);
  CHECK(json_int(stats.body, "/tokens_left") == 60 * 20 - 4);
}

TEST_CASE("a request body over the limit is refused with 413, not read on", "[wire]") {
  auto options = small_universe(10);
  options.body_limit = 1000;
  auto server = started(options);
  http_client client(server->port());
  const auto refused = client.post("/deal?key=" + std::string(test_key), std::string(5000, ' '));
  CHECK(refused.status == 413);
  CHECK_THAT(refused.body, Catch::Contains("1000 bytes"));
  CHECK_FALSE(refused.keep_alive);
  CHECK(client.get("/token?key=" + std::string(test_key)).status == 200);  // on a new connection
}

TEST_CASE("four connections at once on two I/O threads are all answered and billed exactly", "[wire]") {
  auto options = small_universe(60);
  options.threads = 2;
  auto server = started(options);
  std::vector<std::thread> clients;
  std::atomic<int> ok{0};
  for (int c = 0; c < 4; ++c)
    clients.emplace_back([&, c] {
      http_client client(server->port());
      for (int i = 0; i < 20; ++i)
        ok += client.get(product_target(asin_list(static_cast<std::size_t>(c) * 10, 5), "stats=30&history=0")).status == 200;
    });
  for (auto& t : clients)
    t.join();
  CHECK(ok == 80);
  const auto stats = server->stats();
  CHECK(stats.tokens_charged_total == 80 * 5);
  CHECK(stats.responses_by_status.at(200) == 80);
  CHECK(stats.connections_accepted == 4);
  CHECK(stats.tokens_left == 60 * 20 - 400);
}

TEST_CASE("days=N limits every history in the answer to the last N days, at no extra cost", "[wire]") {
  auto server = started(small_universe(30));
  http_client client(server->port());
  const auto now = keepa::to_keepa_minute(server->now_ms() / 1000);
  const auto cutoff = now - 30 * 24 * 60;
  auto earliest_point = [](const std::string& body) {
    const json_doc doc(body);
    std::int64_t earliest = INT64_MAX;
    for (int type : {keepa::used, keepa::sales_rank, keepa::count_used}) {
      const std::string series = "/products/0/csv/" + std::to_string(type);
      if (!doc.has(series + "/0"))
        continue;
      earliest = std::min(earliest, doc.integers(series)[0]);
    }
    for (std::size_t i = 0; i < doc.size("/products/0/offers"); ++i)
      if (doc.has("/products/0/offers/" + std::to_string(i) + "/offerCSV/0"))
        earliest = std::min(earliest, doc.integer("/products/0/offers/" + std::to_string(i) + "/offerCSV/0"));
    return earliest;
  };
  const auto full = client.get(product_target(asin_list(0, 1), "offers=20"));
  const auto recent = client.get(product_target(asin_list(0, 1), "offers=20&days=30"));
  REQUIRE(full.status == 200);
  REQUIRE(recent.status == 200);
  CHECK(earliest_point(full.body) < cutoff);
  CHECK(earliest_point(recent.body) >= cutoff);
  CHECK(recent.body.size() < full.body.size());
}

TEST_CASE("bytes that are not HTTP get a 400 and the connection closes", "[wire]") {
  auto server = started(small_universe(10));
  http_client client(server->port());
  const std::string answer = client.exchange_raw("HELLO KEEPA\r\n\r\n");
  CHECK(answer.rfind("HTTP/1.1 400", 0) == 0);
  CHECK_THAT(answer, Catch::Contains("malformed HTTP request"));
  CHECK(client.get("/token?key=" + std::string(test_key)).status == 200);  // the server goes on
}
