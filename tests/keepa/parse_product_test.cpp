// /product bodies written by hand: every shape the parser reads, keyed by name.
#include "keepa/parse.hpp"

#include <catch2/catch.hpp>

#include <string>

using keepa::parse_product_response;

namespace {

const char* const full_product = R"({
  "timestamp": 1778386768884, "tokensLeft": -12, "refillIn": 53441, "refillRate": 20,
  "tokensConsumed": 7, "tokenFlowReduction": 0.0, "processingTimeInMs": 3,
  "someFutureEnvelopeKey": {"x": [1, 2]},
  "products": [{
    "aPlus": [{"module": [{"text": "skipped"}]}],
    "asin": "0131103628",
    "title": "The C \"Programming\" Language \u00e9",
    "binding": "Paperback", "manufacturer": "Prentice Hall", "author": "Kernighan",
    "rootCategory": 283155, "categories": [5, 3952],
    "categoryTree": [{"catId": 283155, "name": "Books"}, {"catId": 5, "name": "Computers"}],
    "lastUpdate": 8075762, "lastPriceChange": 8070968, "trackingSince": 7207224, "listedSince": -1,
    "csv": [[7207224, -1], [7207224, 2499, 7246852, 1999], null, [7208104, 272670, 7210488, 380597, 7210836, 393057],
            null, null, null, [7300000, 1500, 399]],
    "salesRanks": {"283155": [7208104, 5000, 7210488, 4000], "5": [7208104, 12]},
    "stats": {
      "current": [-1, 1499, 1200, 23], "avg": [-1, 1849], "avg30": [-1, 1742], "avg90": [-1, 1797],
      "avg180": [-1, 1849], "avg365": [-1, 1908], "atIntervalStart": [-1, 1599],
      "min": [null, [8009716, 1499], null, [7968592, 9]],
      "max": [null, [7207224, 2499], [-1, -1], [7240032, 968736]],
      "salesRankDrops30": 35, "salesRankDrops90": 75, "salesRankDrops180": 165, "salesRankDrops365": 424,
      "totalOfferCount": 5, "offerCountFBA": 2, "offerCountFBM": 3, "retrievedOfferCount": 5,
      "buyBoxPrice": 1499, "buyBoxShipping": 0, "buyBoxIsFBA": true, "buyBoxSellerId": "AFZNN5H6MIT2Z",
      "lastOffersUpdate": 8075762, "buyBoxStats": {"A1": {"percentageWon": 0.5}}, "isLowest": [true, false]
    },
    "offers": [{"sellerId": "A1CX3WR5ZE8WAV", "condition": 2, "isFBA": true, "isPrime": true,
                "isAmazon": false, "lastSeen": 8075000, "offerCSV": [8070000, 1250, 399, 8075000, 1100, 0]}],
    "fbaFees": {"lastUpdate": 8074468, "pickAndPackFee": 409},
    "referralFeePercentage": 15.01, "referralFeePercent": 15
  }]
})";

} // namespace

TEST_CASE("a /product body fills the envelope and every product field the model holds") {
  const auto r = parse_product_response(full_product, "test body");
  CHECK(r.env.timestamp_ms == 1778386768884);
  CHECK(r.env.tokens_left == -12);
  CHECK(r.env.refill_in_ms == 53441);
  CHECK(r.env.refill_rate == 20);
  CHECK(r.env.tokens_consumed == 7);
  CHECK(r.env.processing_time_ms == 3);
  CHECK_FALSE(r.error);
  REQUIRE(r.products.size() == 1);
  const keepa::product& p = r.products[0];
  CHECK(p.asin == "0131103628");
  CHECK(p.title == "The C \"Programming\" Language \xc3\xa9");
  CHECK(p.binding == "Paperback");
  CHECK(p.manufacturer == "Prentice Hall");
  CHECK(p.author == "Kernighan");
  CHECK(p.root_category == 283155);
  CHECK(p.categories == std::vector<std::int64_t>{5, 3952});
  CHECK(p.category_names == std::vector<std::string>{"Books", "Computers"});
  CHECK(p.last_update == 8075762);
  CHECK(p.last_price_change == 8070968);
  CHECK(p.tracking_since == 7207224);
  CHECK(p.listed_since == 0);  // Keepa's -1 ("never") is the model's 0
  REQUIRE(p.fees);
  CHECK(p.fees->pick_and_pack_fee == 409);
  REQUIRE(p.referral_fee_percentage);
  CHECK(*p.referral_fee_percentage == Approx(15.01));
}

TEST_CASE("csv pairs land in csv[type] and shipping triples in shipped[type]") {
  const auto p = parse_product_response(full_product, "test body").products.at(0);
  CHECK(p.csv[keepa::amazon] == std::vector<keepa::point>{{7207224, -1}});
  CHECK(p.csv[keepa::new_price] == std::vector<keepa::point>{{7207224, 2499}, {7246852, 1999}});
  CHECK(p.csv[keepa::used].empty());
  CHECK(p.csv[keepa::sales_rank].size() == 3);
  CHECK(p.csv[keepa::sales_rank][2] == keepa::point{7210836, 393057});
  CHECK(p.csv[keepa::new_fbm_shipping].empty());
  CHECK(p.shipped[keepa::new_fbm_shipping] == std::vector<keepa::shipped_point>{{7300000, 1500, 399}});
  for (int type = 8; type < keepa::csv_type_count; ++type) {
    CHECK(p.csv[type].empty());
    CHECK(p.shipped[type].empty());
  }
  REQUIRE(p.sales_ranks.size() == 2);
  CHECK(p.sales_ranks[0].first == 283155);
  CHECK(p.sales_ranks[0].second == std::vector<keepa::point>{{7208104, 5000}, {7210488, 4000}});
  CHECK(p.sales_ranks[1].first == 5);
  CHECK(p.sales_ranks[1].second == std::vector<keepa::point>{{7208104, 12}});
}

TEST_CASE("the stats object is read whole and short per-type arrays keep their defaults") {
  const auto p = parse_product_response(full_product, "test body").products.at(0);
  REQUIRE(p.stats);
  const keepa::product_stats& s = *p.stats;
  CHECK(s.current[keepa::new_price] == 1499);
  CHECK(s.current[keepa::used] == 1200);
  CHECK(s.current[keepa::sales_rank] == 23);
  CHECK(s.current[keepa::count_used] == keepa::not_requested);  // past the array's end
  CHECK(s.avg[1] == 1849);
  CHECK(s.avg30[1] == 1742);
  CHECK(s.avg90[1] == 1797);
  CHECK(s.avg180[1] == 1849);
  CHECK(s.avg365[1] == 1908);
  CHECK(s.at_interval_start[1] == 1599);
  CHECK_FALSE(s.min[0]);
  REQUIRE(s.min[1]);
  CHECK(s.min[1]->t == 8009716);
  CHECK(s.min[1]->value == 1499);
  REQUIRE(s.max[3]);
  CHECK(s.max[3]->value == 968736);
  CHECK_FALSE(s.max[2]);  // [-1, -1] is Keepa's "no data"
  CHECK(s.sales_rank_drops30 == 35);
  CHECK(s.sales_rank_drops90 == 75);
  CHECK(s.sales_rank_drops180 == 165);
  CHECK(s.sales_rank_drops365 == 424);
  CHECK(s.total_offer_count == 5);
  CHECK(s.offer_count_fba == 2);
  CHECK(s.offer_count_fbm == 3);
  CHECK(s.retrieved_offer_count == 5);
  CHECK(s.buy_box_price == 1499);
  CHECK(s.buy_box_shipping == 0);
  CHECK(s.buy_box_is_fba);
  CHECK(s.buy_box_seller_id == "AFZNN5H6MIT2Z");
  CHECK(s.last_offers_update == 8075762);
}

TEST_CASE("offers carry their offerCSV as price and shipping triples") {
  const auto p = parse_product_response(full_product, "test body").products.at(0);
  REQUIRE(p.offers.size() == 1);
  const keepa::offer& o = p.offers[0];
  CHECK(o.seller_id == "A1CX3WR5ZE8WAV");
  CHECK(o.condition == 2);
  CHECK(o.is_fba);
  CHECK(o.is_prime);
  CHECK_FALSE(o.is_amazon);
  CHECK(o.last_seen == 8075000);
  CHECK(o.history == std::vector<keepa::shipped_point>{{8070000, 1250, 399}, {8075000, 1100, 0}});
}

TEST_CASE("fields are found by name in any order, the asin included") {
  const auto r = parse_product_response(R"({"products": [
      {"stats": {"avg30": [1, 2], "current": [5, 6]}, "csv": [null, [100, 7]], "asin": "LATEASIN01", "title": "T"},
      {"title": "Second", "asin": "B000000002"}], "tokensLeft": 3})",
                                        "reordered");
  CHECK(r.env.tokens_left == 3);
  REQUIRE(r.products.size() == 2);
  CHECK(r.products[0].asin == "LATEASIN01");
  CHECK(r.products[0].title == "T");
  CHECK(r.products[0].stats->current[1] == 6);
  CHECK(r.products[0].stats->avg30[1] == 2);
  CHECK(r.products[0].csv[1] == std::vector<keepa::point>{{100, 7}});
  CHECK(r.products[1].asin == "B000000002");
  CHECK(r.products[1].title == "Second");
  CHECK_FALSE(r.products[1].stats);
}

TEST_CASE("nulls and unknown keys leave the model's defaults") {
  const auto r = parse_product_response(R"({"products": [{"asin": "B0NULLS001", "title": null,
      "author": null, "binding": null, "csv": null, "salesRanks": null, "stats": null, "offers": null,
      "fbaFees": null, "referralFeePercentage": null, "categories": null, "categoryTree": null,
      "lastUpdate": null, "newKeepaField": [[1, 2], {"a": null}]}], "refillIn": null})",
                                        "nulls");
  const keepa::product& p = r.products.at(0);
  CHECK(p.title.empty());
  CHECK(p.categories.empty());
  CHECK_FALSE(p.stats);
  CHECK_FALSE(p.fees);
  CHECK_FALSE(p.referral_fee_percentage);
  CHECK(p.last_update == 0);
  CHECK(r.env.refill_in_ms == 0);
}

TEST_CASE("a history=0 body has stats and no histories") {
  const auto r = parse_product_response(
      R"({"products": [{"asin": "B0LIGHT001", "stats": {"current": [-1, 900, 850, 120000], "salesRankDrops30": 4}}],
          "tokensConsumed": 1})",
      "light");
  const keepa::product& p = r.products.at(0);
  CHECK(r.env.tokens_consumed == 1);
  CHECK(p.stats->current[keepa::used] == 850);
  CHECK(p.stats->sales_rank_drops30 == 4);
  for (int type = 0; type < keepa::csv_type_count; ++type)
    CHECK(p.csv[type].empty());
  CHECK(p.sales_ranks.empty());
}

TEST_CASE("csv types beyond the model's 36 are skipped, not misread") {
  std::string body = R"({"products": [{"asin": "B0MANYTYPE", "csv": [)";
  for (int type = 0; type < 38; ++type) {
    const std::string t = std::to_string(type);
    body += type ? "," : "";
    if (type == 37)
      body += "[5, 6, 7]";  // not even a whole pair: proves type 37 is not read
    else
      body += keepa::is_shipping_type(type) ? "[10, " + t + ", 0]" : "[10, " + t + "]";
  }
  body += "]}]}";
  const auto p = parse_product_response(body, "many types").products.at(0);
  CHECK(p.csv[35] == std::vector<keepa::point>{{10, 35}});
  CHECK(p.csv[1] == std::vector<keepa::point>{{10, 1}});
  CHECK(p.shipped[32] == std::vector<keepa::shipped_point>{{10, 32, 0}});
}

TEST_CASE("an error body on /product keeps the envelope and the error") {
  const auto r = parse_product_response(
      R"({"error": {"type": "invalidParameter", "message": "asin invalid", "details": {"asin": "x"}},
          "tokensLeft": -249, "refillIn": 1200, "products": null})",
      "error body");
  REQUIRE(r.error);
  CHECK(r.error->type == "invalidParameter");
  CHECK(r.error->message == "asin invalid");
  CHECK(r.error->details == R"({"asin": "x"})");
  CHECK(r.env.tokens_left == -249);
  CHECK(r.products.empty());
}

// The scanner's fast path (no whitespace) and the careful reader (with it)
// must fill the model alike, the fields after each history included.
TEST_CASE("histories read the same with and without whitespace") {
  const auto body = [](const std::string& sep) {
    return R"({"products": [{"asin": "B0SAME0001", "csv": [[7207224)" + sep + "2499" + sep + "7207300" + sep +
           "-1" + sep + "7300000" + sep + "-0]" + sep + "[]" + sep + "null" + sep + "[" +
           [&] {
             std::string long_history;  // crosses many 64-byte blocks, 1 to 8 digits
             for (int i = 0; i < 300; ++i)
               long_history += (i ? sep : "") + std::to_string(7000000 + i * 37) + sep + std::to_string((i * 7919) % 99999999);
             return long_history;
           }() +
           R"(]], "salesRanks": {"283155": [7207224)" + sep + R"(5]}, "title": "after the histories"}]})";
  };
  const auto compact = keepa::parse_product_response(body(","), "compact");
  const auto spaced = keepa::parse_product_response(body(", "), "spaced");
  REQUIRE(compact.products.size() == 1);
  REQUIRE(spaced.products.size() == 1);
  const keepa::product& a = compact.products[0];
  const keepa::product& b = spaced.products[0];
  CHECK(a.csv[0] == std::vector<keepa::point>{{7207224, 2499}, {7207300, -1}, {7300000, 0}});
  CHECK(a.csv[1].empty());
  CHECK(a.csv[3].size() == 300);
  CHECK(a.csv[3][299] == keepa::point{7000000 + 299 * 37, (299 * 7919) % 99999999});
  for (int type = 0; type < keepa::csv_type_count; ++type)
    CHECK(a.csv[type] == b.csv[type]);
  CHECK(a.sales_ranks == b.sales_ranks);
  CHECK(a.title == "after the histories");
  CHECK(b.title == "after the histories");
}

// The stats' per-type arrays: compact ones the prescan reads, spaced ones
// (and one with a null) the careful reader; the model must be the same,
// types past csv_type_count dropped and missing ones left at their defaults.
TEST_CASE("stats' per-type arrays read the same with and without whitespace") {
  const auto body = [](const std::string& sep) {
    std::string forty;
    for (int i = 0; i < 40; ++i) forty += (i ? "," + sep : "") + std::to_string(i * 1000 - 1);
    return R"({"products": [{"asin": "B0SAME0003", "stats": {"current": [)" + forty + R"(], "avg": [5,)" + sep +
           R"(-1,)" + sep + R"(7], "avg30": [], "atIntervalStart": [1, null, 3]}, "title": ")" + std::string(100, 't') +
           R"("}]})";
  };
  const auto compact = keepa::parse_product_response(body(""), "compact");
  const auto spaced = keepa::parse_product_response(body(" "), "spaced");
  REQUIRE(compact.products.size() == 1);
  REQUIRE(spaced.products.size() == 1);
  const keepa::product_stats& a = *compact.products[0].stats;
  const keepa::product_stats& b = *spaced.products[0].stats;
  CHECK(a.current[0] == -1);
  CHECK(a.current[35] == 34999);
  CHECK(a.avg[0] == 5);
  CHECK(a.avg[1] == -1);
  CHECK(a.avg[2] == 7);
  CHECK(a.current == b.current);
  CHECK(a.avg == b.avg);
  CHECK(a.avg30 == b.avg30);
  CHECK(a.at_interval_start == b.at_interval_start);
  CHECK(a.at_interval_start[2] == 3);
}

// Histories inside objects inside an array: the scanner's step past an
// offerCSV must leave the reader on the next field and the next offer.
TEST_CASE("compact offer histories leave the fields and offers after them intact") {
  const std::string body =
      R"({"products": [{"asin": "B0SAME0002", "offers": [)"
      R"({"offerCSV": [7207224,2499,0,7207300,2399,399], "sellerId": "A1", "lastSeen": 7207400},)"
      R"({"sellerId": "A2", "offerCSV": [], "lastSeen": 7207500},)"
      R"({"offerCSV": [7207224,-1,-1], "sellerId": "A3"}], "title": "after the offers"}]})";
  const auto parsed = keepa::parse_product_response(body, "offers");
  REQUIRE(parsed.products.size() == 1);
  const keepa::product& p = parsed.products[0];
  REQUIRE(p.offers.size() == 3);
  CHECK(p.offers[0].history == std::vector<keepa::shipped_point>{{7207224, 2499, 0}, {7207300, 2399, 399}});
  CHECK(p.offers[0].seller_id == "A1");
  CHECK(p.offers[0].last_seen == 7207400);
  CHECK(p.offers[1].history.empty());
  CHECK(p.offers[1].seller_id == "A2");
  CHECK(p.offers[1].last_seen == 7207500);
  CHECK(p.offers[2].history == std::vector<keepa::shipped_point>{{7207224, -1, -1}});
  CHECK(p.offers[2].seller_id == "A3");
  CHECK(p.title == "after the offers");
}
