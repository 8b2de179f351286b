// Billing over the wire: for each /product parameter combination the mock's
// tokensConsumed, its tokens_charged_total and the bucket all move by what
// keepa/pricing says for the products the response holds.
#include "http_client.hpp"
#include "json_probe.hpp"
#include "test_support.hpp"

#include "keepa/pricing.hpp"
#include "keepa/time.hpp"

#include <catch2/catch.hpp>

using namespace mock_test;

namespace {

struct priced_row {
  std::string params;
  keepa::product_request request;
};

keepa::product_request make_request(std::int32_t stats, bool history, std::int32_t offers, bool buybox, bool rating,
                                    std::optional<std::int32_t> update, bool stock) {
  keepa::product_request r;
  r.stats_days = stats;
  r.history = history;
  r.offers = offers;
  r.buybox = buybox;
  r.rating = rating;
  r.update_hours = update;
  r.stock = stock;
  return r;
}

keepa::keepa_minute last_rating_time(const json_doc& doc, const std::string& product) {
  const std::string pointer = product + "/csv/" + std::to_string(keepa::rating);
  if (!doc.has(pointer + "/0"))  // absent, null or empty
    return 0;
  const auto points = doc.integers(pointer);
  return points.size() >= 2 ? static_cast<keepa::keepa_minute>(points[points.size() - 2]) : 0;
}

// What the response itself says decides each product's outcome: the offers it
// carries, its lastUpdate, its lastOffersUpdate and rating history.
std::vector<keepa::product_outcome> outcomes_from_wire(const std::string& body, const keepa::product_request& r) {
  const json_doc doc(body);
  const keepa::keepa_minute now = keepa::to_keepa_minute(doc.integer("/timestamp") / 1000);
  std::vector<keepa::product_outcome> outcomes;
  for (std::size_t i = 0; i < doc.size("/products"); ++i) {
    const std::string p = "/products/" + std::to_string(i);
    keepa::product_outcome o;
    if (r.offers > 0) {
      const std::size_t offers = doc.size(p + "/offers");
      REQUIRE(offers <= static_cast<std::size_t>(r.offers));
      o.offer_pages_found = static_cast<std::int32_t>((offers + 9) / 10);
      o.has_no_offers = offers == 0;
      if (r.update_hours) {
        const auto offers_seen = doc.integer(p + "/stats/lastOffersUpdate");
        o.offers_fresh = offers_seen > 0 && now - offers_seen < *r.update_hours * 60;
      }
    }
    const auto rated = last_rating_time(doc, p);
    o.rating_updated = r.rating && rated > 0 && now - rated <= 14 * 24 * 60;
    o.refreshed = r.update_hours == 0 && now - doc.integer(p + "/lastUpdate") < 60;
    outcomes.push_back(o);
  }
  return outcomes;
}

} // namespace

TEST_CASE("every /product parameter combination is charged what keepa/pricing says", "[billing]") {
  auto server = started(small_universe(300));
  http_client client(server->port());
  const std::vector<priced_row> rows = {
      {"stats=180&history=0", make_request(180, false, 0, false, false, {}, false)},
      {"stats=180&history=0&buybox=1", make_request(180, false, 0, true, false, {}, false)},
      {"stats=1&history=0&offers=20", make_request(1, false, 20, false, false, {}, false)},
      {"history=1&offers=20&rating=1", make_request(0, true, 20, false, true, {}, false)},
      {"stats=90&offers=100&stock=1", make_request(90, true, 100, false, false, {}, true)},
      {"stats=90&history=0&offers=30&update=3", make_request(90, false, 30, false, false, 3, false)},
      {"history=0&update=0", make_request(0, false, 0, false, false, 0, false)},
      {"history=0&buybox=1&offers=20", make_request(0, false, 20, true, false, {}, false)},
      {"stats=365&days=30&only-live-offers=1&rating=1", make_request(365, true, 0, false, true, {}, false)},
  };
  constexpr std::size_t per_row = 25;
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const auto& row = rows[k];
    DYNAMIC_SECTION(row.params) {
      const json_doc before(client.get("/mock/stats").body);
      const auto reply = client.get(product_target(asin_list(k * per_row, per_row), row.params));
      REQUIRE(reply.status == 200);
      REQUIRE(json_size(reply.body, "/products") == per_row);
      const std::int64_t expected = keepa::product_cost(row.request, outcomes_from_wire(reply.body, row.request));
      const json_doc after(client.get("/mock/stats").body);
      CHECK(json_int(reply.body, "/tokensConsumed") == expected);
      CHECK(after.integer("/tokens_charged_total") - before.integer("/tokens_charged_total") == expected);
      CHECK(after.integer("/tokens_charged/product") - before.integer("/tokens_charged/product") == expected);
      CHECK(before.integer("/tokens_left") - json_int(reply.body, "/tokensLeft") == expected);
      CHECK(expected <= keepa::estimate_product_cost(row.request, per_row));
      CHECK(expected >= static_cast<std::int64_t>(per_row));  // nothing here is cheaper than a token a product
    }
  }
}

TEST_CASE("keepa-api.md's worked examples: 100 ASINs stats-only cost 100, with buybox 300", "[billing]") {
  auto server = started(small_universe(200));
  http_client client(server->port());
  const auto light = client.get(product_target(asin_list(0, 100), "stats=180&history=0"));
  REQUIRE(light.status == 200);
  CHECK(json_int(light.body, "/tokensConsumed") == 100);
  const auto buybox = client.get(product_target(asin_list(100, 100), "stats=180&history=0&buybox=1"));
  REQUIRE(buybox.status == 200);
  CHECK(json_int(buybox.body, "/tokensConsumed") == 300);
  CHECK(server->stats().tokens_charged_total == 400);
}

TEST_CASE("offers fetched a moment ago are fresh under update=1 and cost the flat 5", "[billing]") {
  auto server = started(small_universe(100));
  http_client client(server->port());
  const std::string asins = asin_list(0, 10);
  const auto fetched = client.get(product_target(asins, "history=0&offers=20"));
  REQUIRE(fetched.status == 200);
  CHECK(json_int(fetched.body, "/tokensConsumed") > 50);  // pages of 6, no offer-less book among the first ten
  const auto again = client.get(product_target(asins, "history=0&offers=20&update=1"));
  REQUIRE(again.status == 200);
  CHECK(json_int(again.body, "/tokensConsumed") == 10 * 5);
  // Two hours on, the mock's fetch is stale; only books that changed within the hour are fresh.
  server->advance(std::chrono::hours(2));
  const auto stale_request = make_request(1, false, 20, false, false, 1, false);
  const auto stale = client.get(product_target(asins, "stats=1&history=0&offers=20&update=1"));
  REQUIRE(stale.status == 200);
  CHECK(json_int(stale.body, "/tokensConsumed") ==
        keepa::product_cost(stale_request, outcomes_from_wire(stale.body, stale_request)));
}

TEST_CASE("a deal page costs 5, sellers 1 each, /token nothing", "[billing]") {
  auto server = started(small_universe(100));
  http_client client(server->port());
  const auto deal = client.get("/deal?key=" + std::string(test_key) + "&selection=%7B%22page%22%3A0%7D");
  REQUIRE(deal.status == 200);
  CHECK(json_int(deal.body, "/tokensConsumed") == 5);
  const auto sellers = client.get("/seller?key=" + std::string(test_key) + "&domain=1&seller=A1B2C3,ZZ9,A1B2C3,Q7");
  REQUIRE(sellers.status == 200);
  CHECK(json_int(sellers.body, "/tokensConsumed") == 3);  // A1B2C3 twice is one seller
  const auto token = client.get("/token?key=" + std::string(test_key));
  REQUIRE(token.status == 200);
  CHECK(json_int(token.body, "/tokensConsumed") == 0);
  const auto stats = server->stats();
  CHECK(stats.tokens_charged.at("deal") == 5);
  CHECK(stats.tokens_charged.at("seller") == 3);
  CHECK(stats.tokens_charged_total == 8);
  CHECK(stats.responses_by_status.at(200) == 3);
}
