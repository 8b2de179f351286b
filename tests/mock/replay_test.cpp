// Replaying captured Keepa payloads over the wire: products by ASIN from
// product-*.json, deal pages from deal-*.json, billed like live answers.
#include "http_client.hpp"
#include "json_probe.hpp"
#include "test_support.hpp"

#include "keepa/pricing.hpp"
#include "keepa/time.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>

using namespace mock_test;
namespace fs = std::filesystem;

namespace {

struct temp_dir {
  fs::path path;
  temp_dir() {
    path = fs::temp_directory_path() /
           ("mock-replay-" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
    fs::create_directories(path);
  }
  ~temp_dir() { fs::remove_all(path); }
  void write(const std::string& name, const std::string& text) const { std::ofstream(path / name) << text; }
};

// Product 1111111111: 25 offers and a rating that moved an hour ago;
// 2222222222: no offers, no rating history.
std::string product_capture(keepa::keepa_minute now) {
  std::string offers;
  for (int i = 0; i < 25; ++i)
    offers += std::string(i ? "," : "") + R"({"sellerId":"S)" + std::to_string(i) +
              R"(","condition":2,"isFBA":false,"offerCSV":[)" + std::to_string(now - 500) + ",1500,399]}";
  std::string rating_csv = "[";
  for (int type = 0; type < 36; ++type)
    rating_csv += std::string(type ? "," : "") +
                  (type == keepa::rating ? "[" + std::to_string(now - 60) + ",45]" : std::string("null"));
  rating_csv += "]";
  return R"({"timestamp":1,"tokensLeft":1,"refillIn":1,"refillRate":1,"tokenFlowReduction":0,"tokensConsumed":1,)"
         R"("processingTimeInMs":1,"products":[)"
         R"({"asin":"1111111111","title":"Captured one","lastUpdate":)" + std::to_string(now - 30) +
         R"(,"csv":)" + rating_csv + R"(,"offers":[)" + offers + "]},"
         R"({"asin":"2222222222","title":"Captured two","lastUpdate":)" + std::to_string(now - 30) +
         R"(,"csv":null}]})";
}

} // namespace

TEST_CASE("replayed products are served by ASIN and billed from what the capture holds", "[replay]") {
  temp_dir dir;
  auto options = small_universe(0);
  options.replay_dir = dir.path.string();
  // Captured as of the mock's start, on its clock, so the rating moved within 14 days of it.
  dir.write("product-capture-a.json", product_capture(keepa::to_keepa_minute(options.start_ms / 1000)));
  dir.write("deal-000.json", R"({"deals":{"dr":[{"asin":"1111111111"},{"asin":"2222222222"}],"categoryIds":[283155]}})");
  dir.write("deal-001.json", R"({"deals":{"dr":[{"asin":"3333333333"}]}})");
  dir.write("notes.txt", "not a capture");
  auto server = started(options);
  http_client client(server->port());

  const auto reply = client.get(product_target("1111111111,2222222222,3333333333", "offers=20&rating=1"));
  REQUIRE(reply.status == 200);
  const json_doc doc(reply.body);
  REQUIRE(doc.size("/products") == 2);  // 3333333333 was never captured
  CHECK(doc.string("/products/0/asin") == "1111111111");
  CHECK(doc.string("/products/1/title") == "Captured two");
  CHECK(doc.size("/products/0/offers") == 25);  // served as captured

  keepa::product_request request;
  request.offers = 20;
  request.rating = true;
  keepa::product_outcome with_offers;
  with_offers.offer_pages_found = 2;  // 25 offers = 3 pages, the request asked for 2
  with_offers.rating_updated = true;
  keepa::product_outcome without_offers;
  without_offers.has_no_offers = true;
  const auto expected = keepa::product_cost(request, std::vector{with_offers, without_offers});
  CHECK(expected == 12 + 1 + 5);
  CHECK(doc.integer("/tokensConsumed") == expected);
  CHECK(server->stats().tokens_charged_total == expected);

  const auto page0 = client.get("/deal?key=" + std::string(test_key) + "&selection=%7B%22page%22%3A0%7D");
  REQUIRE(page0.status == 200);
  CHECK(json_string(page0.body, "/deals/dr/1/asin") == "2222222222");
  CHECK(json_int(page0.body, "/tokensConsumed") == 5);
  const auto page1 = client.get("/deal?key=" + std::string(test_key) + "&selection=%7B%22page%22%3A1%7D");
  CHECK(json_string(page1.body, "/deals/dr/0/asin") == "3333333333");
  const auto page2 = client.get("/deal?key=" + std::string(test_key) + "&selection=%7B%22page%22%3A2%7D");
  CHECK(json_size(page2.body, "/deals/dr") == 0);
}

#ifdef KEEPA_FIXTURES_DIR
TEST_CASE("the real capture replays over the wire with its own product and Keepa's price", "[replay]") {
  temp_dir dir;
  const fs::path capture = fs::path(KEEPA_FIXTURES_DIR) / "keepa" / "product-B0D8W1YVBX-full-history.json";
  fs::copy_file(capture, dir.path / capture.filename());
  auto options = small_universe(0);
  options.replay_dir = dir.path.string();
  auto server = started(options);
  http_client client(server->port());
  const auto reply = client.get(product_target("B0D8W1YVBX", "stats=180&rating=1&buybox=1"));
  REQUIRE(reply.status == 200);
  const json_doc doc(reply.body);
  CHECK(doc.string("/products/0/asin") == "B0D8W1YVBX");
  CHECK(doc.size("/products/0/csv") == 36);
  // 1 + 2 for buybox, + 1 only if rating or review count moved within 14 days of the mock's clock.
  const auto now = keepa::to_keepa_minute(doc.integer("/timestamp") / 1000);
  const auto ratings = doc.integers("/products/0/csv/16");
  const auto reviews = doc.integers("/products/0/csv/17");
  const auto last_moved = std::max(ratings[ratings.size() - 2], reviews[reviews.size() - 2]);
  CHECK(doc.integer("/tokensConsumed") == 3 + (now - last_moved <= 14 * 24 * 60 ? 1 : 0));
}
#endif

TEST_CASE("a replay directory that is missing or holds a broken capture is refused by name", "[replay]") {
  auto options = small_universe(0);
  options.replay_dir = "/nonexistent/replay/dir";
  CHECK_THROWS_WITH(mock::mock_server(options), Catch::Contains("/nonexistent/replay/dir"));
  temp_dir dir;
  dir.write("product-broken.json", R"({"products":[{"title":"no asin"}]})");
  options.replay_dir = dir.path.string();
  CHECK_THROWS_WITH(mock::mock_server(options), Catch::Contains("product-broken.json") && Catch::Contains("asin"));
}
