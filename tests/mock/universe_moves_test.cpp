// The universe follows the server's clock: after simulated days, products
// answer with newer lastUpdate and moved prices or ranks, and the feed's
// lastUpdate moves with them.
#include "http_client.hpp"
#include "json_probe.hpp"
#include "test_support.hpp"

#include "keepa/product.hpp"

#include <catch2/catch.hpp>

#include <map>

using namespace mock_test;

namespace {

struct snapshot {
  std::int64_t last_update, used, rank;
};

std::map<std::string, snapshot> products_of(const std::string& body) {
  const json_doc doc(body);
  std::map<std::string, snapshot> out;
  for (std::size_t i = 0; i < doc.size("/products"); ++i) {
    const std::string p = "/products/" + std::to_string(i);
    out[doc.string(p + "/asin")] = {doc.integer(p + "/lastUpdate"), doc.integer(p + "/stats/current/2"),
                                    doc.integer(p + "/stats/current/3")};
  }
  return out;
}

} // namespace

TEST_CASE("three simulated days later, products have moved: newer lastUpdate, other prices or ranks", "[universe]") {
  auto server = started(small_universe(100));
  http_client client(server->port());
  const std::string target = product_target(asin_list(0, 40), "stats=90&history=0");
  const auto before = client.get(target);
  REQUIRE(before.status == 200);
  REQUIRE(client.post("/mock/advance?days=3", "").status == 200);
  const auto after = client.get(target);
  REQUIRE(after.status == 200);
  CHECK(json_int(after.body, "/timestamp") - json_int(before.body, "/timestamp") == 3 * 86'400'000LL);

  const auto then = products_of(before.body);
  const auto now = products_of(after.body);
  REQUIRE(then.size() == 40);
  REQUIRE(now.size() == 40);
  int newer = 0, moved = 0;
  for (const auto& [asin, old] : then) {
    const auto& fresh = now.at(asin);
    CHECK(fresh.last_update >= old.last_update);
    newer += fresh.last_update > old.last_update;
    moved += fresh.used != old.used || fresh.rank != old.rank;
  }
  CHECK(newer > 0);
  CHECK(moved > 0);
  // lastUpdate never runs ahead of the server's clock.
  const auto clock_minute = keepa::to_keepa_minute(json_int(after.body, "/timestamp") / 1000);
  for (const auto& [asin, p] : now)
    CHECK(p.last_update <= clock_minute);
}

TEST_CASE("the deal feed's lastUpdate moves as products change", "[universe]") {
  auto server = started(small_universe(300));
  http_client client(server->port());
  const std::string target = "/deal?key=" + std::string(test_key) +
                             "&selection=%7B%22page%22%3A0%2C%22priceTypes%22%3A%5B2%5D%2C%22sortType%22%3A1%7D";
  const auto before = client.get(target);
  REQUIRE(before.status == 200);
  server->advance(std::chrono::hours(24 * 2));
  const auto after = client.get(target);
  REQUIRE(after.status == 200);
  REQUIRE(json_size(before.body, "/deals/dr") > 0);
  REQUIRE(json_size(after.body, "/deals/dr") > 0);
  // Sorted newest first: the newest deal after two days is newer than before.
  CHECK(json_int(after.body, "/deals/dr/0/lastUpdate") > json_int(before.body, "/deals/dr/0/lastUpdate"));
}
