// /deal, /seller and error-only bodies: shapes as keepa-api.md describes them.
#include "keepa/parse.hpp"

#include <catch2/catch.hpp>

namespace {

const char* const deal_body = R"({
  "timestamp": 1778386768884, "tokensLeft": 95, "tokensConsumed": 5, "refillRate": 5, "refillIn": 1000,
  "deals": {
    "dr": [{
      "asin": "0321563840", "parentAsin": null, "title": "C++ Primer",
      "rootCat": 283155, "categories": [3952, 5],
      "image": [53, 49, 97, 98, 46, 106, 112, 103],
      "current": [-1, 4599, 1899, 120345, 7999, -1, -1, -1, -1, -1, -1, 12, 30],
      "currentSince": [-1, 8070000, 8071000],
      "deltaLast": [0, -300, -250],
      "delta": [[0, -100, -200], [0, -300, -400], [0, -500, -600], [0, -700, -800]],
      "deltaPercent": [[0, 2, 10], [0, 6, 17], [0, 10, 24], [0, 13, 30]],
      "avg": [[-1, 4699, 2099], [-1, 4899, 2299], [-1, 5099, 2499], [-1, 5299, 2699]],
      "lastUpdate": 8075000, "creationDate": 8070000, "lightningEnd": 0, "warehouseCondition": 2,
      "someNewField": {"x": 1}
    }, {
      "asin": "0131103628", "title": "K&R", "image": null
    }],
    "categoryIds": [283155, 5], "categoryNames": ["Books", "Computers & Technology"], "categoryCount": [140, 10]
  }
})";

template <class Parse>
keepa::parse_error error_of(Parse&& parse) {
  try {
    parse();
  } catch (const keepa::parse_error& e) {
    return e;
  }
  FAIL("parsed without error");
  return keepa::parse_error("", "", "", "");
}

} // namespace

TEST_CASE("a /deal body yields each deal with its per-type and per-range arrays") {
  const auto r = keepa::parse_deal_response(deal_body, "GET /deal page 0");
  CHECK(r.env.tokens_consumed == 5);
  CHECK(r.env.tokens_left == 95);
  REQUIRE(r.deals.size() == 2);
  const keepa::deal& d = r.deals[0];
  CHECK(d.asin == "0321563840");
  CHECK(d.parent_asin.empty());
  CHECK(d.title == "C++ Primer");
  CHECK(d.root_cat == 283155);
  CHECK(d.categories == std::vector<std::int64_t>{3952, 5});
  CHECK(d.image == "51ab.jpg");
  CHECK(d.current[keepa::used] == 1899);
  CHECK(d.current[keepa::sales_rank] == 120345);
  CHECK(d.current[keepa::count_used] == 30);
  CHECK(d.current[keepa::count_new_fbm] == keepa::no_value);
  CHECK(d.current_since[keepa::used] == 8071000);
  CHECK(d.delta_last[keepa::used] == -250);
  CHECK(d.delta[0][keepa::used] == -200);
  CHECK(d.delta[3][keepa::new_price] == -700);
  CHECK(d.delta_percent[2][keepa::used] == 24);
  CHECK(d.avg[3][keepa::used] == 2699);
  CHECK(d.avg[0][keepa::sales_rank] == keepa::no_value);
  CHECK(d.last_update == 8075000);
  CHECK(d.creation_date == 8070000);
  CHECK(d.lightning_end == 0);
  CHECK(d.warehouse_condition == 2);

  const keepa::deal& bare = r.deals[1];
  CHECK(bare.asin == "0131103628");
  CHECK(bare.image.empty());
  CHECK(bare.delta[1][keepa::used] == keepa::no_value);  // absent, not a zero delta

  CHECK(r.category_ids == std::vector<std::int64_t>{283155, 5});
  CHECK(r.category_names == std::vector<std::string>{"Books", "Computers & Technology"});
  CHECK(r.category_count == std::vector<std::int32_t>{140, 10});
}

TEST_CASE("bad deals name the deal's asin and field") {
  auto e = error_of([] {
    keepa::parse_deal_response(R"({"deals": {"dr": [{"asin": "0321563840", "image": [53, -1]}]}})", "GET /deal");
  });
  CHECK(e.source() == "GET /deal");
  CHECK(e.asin() == "0321563840");
  CHECK(e.field() == "image[1]");

  e = error_of([] {
    keepa::parse_deal_response(R"({"deals": {"dr": [{"asin": "0321563840", "delta": [[1], "x"]}]}})", "GET /deal");
  });
  CHECK(e.field() == "delta[1]");

  e = error_of([] { keepa::parse_deal_response(R"({"deals": {"dr": [{"asin": "A"}, {"title": "T"}]}})", "d"); });
  CHECK(e.asin().empty());
  CHECK(e.field() == "deals.dr[1].asin");

  e = error_of([] {
    keepa::parse_deal_response(R"({"deals": {"dr": [{"asin": "A", "lastUpdate": 1e3}]}})", "d");
  });
  CHECK(e.field() == "lastUpdate");

  e = error_of([] { keepa::parse_deal_response(R"({"deals": {"categoryCount": [1, 4294967296]}})", "d"); });
  CHECK(e.field() == "deals.categoryCount[1]");

  e = error_of([] { keepa::parse_deal_response(R"({"deals": {"dr": [{"asin": "A", "current": [1, 2)", "d"); });
  CHECK(e.source() == "d");
}

TEST_CASE("a /seller body keyed by seller id yields each seller; null sellers are skipped") {
  const auto r = keepa::parse_seller_response(R"({
    "tokensConsumed": 2,
    "sellers": {
      "A2L77EE7U53NWQ": {"sellerId": "A2L77EE7U53NWQ", "sellerName": "Amazon Warehouse", "currentRating": 92,
                         "currentRatingCount": 1234567, "csv": [[1, 2]], "domainId": 1},
      "A1NOIDINBODY": {"sellerName": "Books \"R\" Us", "currentRating": null},
      "AUNKNOWN": null
    }})",
                                              "GET /seller");
  CHECK(r.env.tokens_consumed == 2);
  REQUIRE(r.sellers.size() == 2);
  CHECK(r.sellers[0].seller_id == "A2L77EE7U53NWQ");
  CHECK(r.sellers[0].name == "Amazon Warehouse");
  CHECK(r.sellers[0].current_rating == 92);
  CHECK(r.sellers[0].current_rating_count == 1234567);
  CHECK(r.sellers[1].seller_id == "A1NOIDINBODY");  // taken from the key
  CHECK(r.sellers[1].name == "Books \"R\" Us");
  CHECK(r.sellers[1].current_rating == keepa::no_value);
}

TEST_CASE("a /seller body with sellers as an array is accepted") {
  const auto r = keepa::parse_seller_response(
      R"({"sellers": [{"sellerId": "A1", "sellerName": "One"}, null, {"sellerId": "A2", "currentRating": 5}]})",
      "s");
  REQUIRE(r.sellers.size() == 2);
  CHECK(r.sellers[1].seller_id == "A2");
  CHECK(r.sellers[1].current_rating == 5);
}

TEST_CASE("bad sellers name the seller and field") {
  auto e = error_of([] {
    keepa::parse_seller_response(R"({"sellers": {"A2L77EE7U53NWQ": {"currentRating": "high"}}})", "GET /seller");
  });
  CHECK(e.field() == "sellers.A2L77EE7U53NWQ.currentRating");
  CHECK_THAT(e.problem(), Catch::Contains("integer"));
  e = error_of([] { keepa::parse_seller_response(R"({"sellers": [{"sellerName": "x"}]})", "s"); });
  CHECK(e.field() == "sellers[0].sellerId");
  e = error_of([] { keepa::parse_seller_response(R"({"sellers": 5})", "s"); });
  CHECK(e.field() == "sellers");
}

TEST_CASE("an error body gives the envelope and the error object") {
  std::optional<keepa::api_error> error;
  const auto env = keepa::parse_envelope(
      R"({"timestamp": 1778386768884, "tokensLeft": -249, "refillIn": 41000, "refillRate": 5,
          "tokenFlowReduction": 0.4, "tokensConsumed": 0,
          "error": {"type": "NOT_ENOUGH_TOKEN", "message": "Not enough tokens", "details": null}})",
      "GET /product", &error);
  CHECK(env.tokens_left == -249);
  CHECK(env.refill_in_ms == 41000);
  CHECK(env.refill_rate == 5);
  CHECK(env.timestamp_ms == 1778386768884);
  CHECK(env.token_flow_reduction == 0);
  REQUIRE(error);
  CHECK(error->type == "NOT_ENOUGH_TOKEN");
  CHECK(error->message == "Not enough tokens");
  CHECK(error->details.empty());
}

TEST_CASE("a /token body is an envelope without an error") {
  std::optional<keepa::api_error> error;
  const auto env = keepa::parse_envelope(R"({"tokensLeft": 300, "refillIn": 12000, "refillRate": 5,
                                             "timestamp": 1, "tokensConsumed": 0})",
                                         "GET /token", &error);
  CHECK(env.tokens_left == 300);
  CHECK_FALSE(error);
  const auto e = error_of([] { keepa::parse_envelope(R"({"tokensLeft": [1]})", "GET /token"); });
  CHECK(e.field() == "tokensLeft");
  CHECK(e.source() == "GET /token");
}
