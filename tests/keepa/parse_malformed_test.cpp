// Malformed Keepa bodies: each must throw keepa::parse_error naming the
// source, the product and the field, never crash and never yield a zero.
#include "keepa/parse.hpp"

#include <catch2/catch.hpp>

#include <string>

namespace {

struct expected_error {
  std::string asin;
  std::string field;
  std::string problem_part;  // a phrase the problem must contain
};

void check_product_error(const std::string& body, const expected_error& want) {
  INFO("body: " << body);
  try {
    keepa::parse_product_response(body, "file bad.json");
    FAIL("parsed without error");
  } catch (const keepa::parse_error& e) {
    INFO("what(): " << e.what());
    CHECK(e.source() == "file bad.json");
    CHECK(e.asin() == want.asin);
    CHECK(e.field() == want.field);
    CHECK_THAT(e.problem(), Catch::Contains(want.problem_part));
    CHECK_THAT(std::string(e.what()), Catch::Contains("file bad.json"));
    CHECK_THAT(std::string(e.what()), Catch::Contains(want.field));
  }
}

std::string product_with(const std::string& fields) {
  return R"({"tokensLeft": 5, "products": [{"asin": "B0BAD00001", )" + fields + "}]}";
}

// What follows a history for the prescan (keepa/history_prescan.hpp) to take
// it: the scanner leaves an array at the very end of an unpadded body to the
// careful reader.
std::string room_after() {
  return R"(, "title": ")" + std::string(100, 'x') + "\"";
}

// A history error, checked as written and again without the spaces after
// commas: Keepa writes histories without whitespace, which the prescan reads
// ahead of simdjson (given room after it), and where the scanner declines,
// the careful reader must still name the same field and problem.
void check_history_error(const std::string& fields, const expected_error& want) {
  check_product_error(product_with(fields), want);
  std::string compact;
  for (std::size_t i = 0; i < fields.size(); ++i)
    if (!(fields[i] == ' ' && i > 0 && fields[i - 1] == ','))
      compact += fields[i];
  check_product_error(product_with(compact), want);
  check_product_error(product_with(compact + room_after()), want);
}

} // namespace

TEST_CASE("bad JSON syntax is reported on the body") {
  check_product_error(R"({"products": [{"asin": "B0BAD00001", "title": "x",,}]})",
                      {"B0BAD00001", "", "JSON"});
  check_product_error(R"({"products" [1]})", {"", "body", "JSON"});
  check_product_error("not json at all", {"", "body", "JSON"});
  check_product_error("", {"", "body", "JSON"});
  check_product_error("[1, 2]", {"", "body", "expected a JSON object"});
}

TEST_CASE("text after the root object is an error, whitespace is not") {
  CHECK_NOTHROW(keepa::parse_product_response("  {\"products\": []}\n\r\n\t ", "whitespace"));
  check_product_error(R"({"products": []} {"products": []})", {"", "body", ""});
  check_product_error(R"({"products": []}})", {"", "body", ""});
}

TEST_CASE("every truncation of a valid body throws parse_error") {
  const std::string body = product_with(
      R"("title": "T", "csv": [[7207224, 2499, 7246852, 1999], null, null, null, null, null, null, [1, 2, 3]],
         "stats": {"current": [1, 2], "min": [null, [7207224, 5]]}, "salesRanks": {"5": [7207224, 9]})");
  REQUIRE_NOTHROW(keepa::parse_product_response(body, "whole"));
  for (std::size_t cut = 0; cut < body.size(); ++cut) {
    INFO("cut at " << cut << ": " << body.substr(0, cut));
    CHECK_THROWS_AS(keepa::parse_product_response(std::string_view(body).substr(0, cut), "cut"),
                    keepa::parse_error);
  }
}

TEST_CASE("wrong types name the product and the field") {
  check_product_error(product_with(R"("title": 5)"), {"B0BAD00001", "title", "expected a string"});
  check_history_error(R"("csv": "none")", {"B0BAD00001", "csv", "expected an array"});
  check_history_error(R"("csv": [[1, "2"]])",
                      {"B0BAD00001", "csv[0] element 1", "expected an integer, found a string"});
  check_history_error(R"("csv": [null, [7207224, 1.5]])",
                      {"B0BAD00001", "csv[1] element 1", "not whole"});
  check_product_error(product_with(R"("stats": {"current": [1, "x"]})"),
                      {"B0BAD00001", "stats.current[1]", "found a string"});
  check_product_error(product_with(R"("stats": [1])"), {"B0BAD00001", "stats", "expected an object"});
  check_product_error(product_with(R"("stats": {"buyBoxIsFBA": 1})"),
                      {"B0BAD00001", "stats.buyBoxIsFBA", "true or false"});
  check_product_error(product_with(R"("stats": {"min": [[1, 2, 3]]})"),
                      {"B0BAD00001", "stats.min[0]", "[time, value]"});
  check_history_error(R"("salesRanks": {"books": [1, 2]})",
                      {"B0BAD00001", "salesRanks.books", "category id"});
  check_product_error(product_with(R"("fbaFees": {"pickAndPackFee": "409"})"),
                      {"B0BAD00001", "fbaFees.pickAndPackFee", "integer"});
  check_product_error(product_with(R"("referralFeePercentage": "15")"),
                      {"B0BAD00001", "referralFeePercentage", "a number"});
  check_product_error(product_with(R"("categoryTree": [{"catId": 1, "name": 7}])"),
                      {"B0BAD00001", "categoryTree[0].name", "a string"});
  check_product_error(R"({"tokensLeft": "many", "products": []})", {"", "tokensLeft", "integer"});
  check_product_error(R"({"products": {"asin": "x"}})", {"", "products", "expected an array"});
  check_product_error(R"({"products": [7]})", {"", "products[0]", "a product object"});
}

TEST_CASE("histories that are not whole pairs or triples are rejected") {
  check_history_error(R"("csv": [null, [7207224, 2499, 7246852]])",
                      {"B0BAD00001", "csv[1]", "odd length 3"});
  check_history_error(R"("csv": [null, null, null, null, null, null, null, null, null, null,
                                             null, null, null, null, null, null, null, null, [7207224, 2499, 0, 7207300]])",
                      {"B0BAD00001", "csv[18]", "multiple of 3"});
  check_history_error(R"("offers": [{"sellerId": "A1", "offerCSV": [7207224, 2499]}])",
                      {"B0BAD00001", "offers[0].offerCSV", "multiple of 3"});
  check_history_error(R"("salesRanks": {"283155": [7207224]})",
                      {"B0BAD00001", "salesRanks.283155", "odd length 1"});
}

TEST_CASE("times outside Keepa minutes are rejected") {
  check_history_error(R"("csv": [[-5, 100]])", {"B0BAD00001", "csv[0] element 0", "time -5"});
  check_history_error(R"("csv": [[99999999, 100]])",
                      {"B0BAD00001", "csv[0] element 0", "time 99999999"});
  check_history_error(R"("csv": [null, null, null, null, null, null, null, [7207224, 1, 0, -3, 1, 0]])",
                      {"B0BAD00001", "csv[7] element 3", "time -3"});
  check_product_error(product_with(R"("lastUpdate": -2)"), {"B0BAD00001", "lastUpdate", "time -2"});
  check_product_error(product_with(R"("stats": {"max": [[123456789012, 5]]})"),
                      {"B0BAD00001", "stats.max[0]", "Keepa minute"});
  check_product_error(product_with(R"("offers": [{"lastSeen": 50000000}])"),
                      {"B0BAD00001", "offers[0].lastSeen", "time 50000000"});
}

TEST_CASE("integers too large for the model are rejected, not wrapped") {
  check_history_error(R"("csv": [[7207224, 3000000000]])",
                      {"B0BAD00001", "csv[0] element 1", "does not fit in 32 bits"});
  check_history_error(R"("csv": [[7207224, 99999999999999999999]])",
                      {"B0BAD00001", "csv[0] element 1", "too large"});
  check_product_error(product_with(R"("stats": {"current": [1099511627776]})"),
                      {"B0BAD00001", "stats.current[0]", "32 bits"});
  check_product_error(product_with(R"("stats": {"totalOfferCount": -2147483649})"),
                      {"B0BAD00001", "stats.totalOfferCount", "32 bits"});
  check_product_error(R"({"refillRate": 1e30, "products": []})", {"", "refillRate", "not whole"});
}

TEST_CASE("a product without an asin is named by its position") {
  check_product_error(R"({"products": [{"asin": "B0GOOD0001"}, {"title": "no asin"}]})",
                      {"", "products[1].asin", "missing"});
  check_product_error(R"({"products": [{"asin": 12}]})", {"", "products[0].asin", "a string"});
}

TEST_CASE("an error before the asin key still names the product") {
  check_product_error(R"({"products": [{"csv": [[1, 2, 3]], "asin": "B0LATE0001"}]})",
                      {"B0LATE0001", "csv[0]", "odd length"});
}

TEST_CASE("a history broken inside its numbers is a parse error, never a short history") {
  for (const char* history : {"[7207224,]", "[,7207224,1]", "[7207224,,1]", "[7207224,1-2]", "[7207224,--1]",
                              "[7207224,01]", "[7207224,1}"}) {
    INFO(history);
    CHECK_THROWS_AS(keepa::parse_product_response(product_with(std::string(R"("csv": [)") + history + "]"), "x"),
                    keepa::parse_error);
    CHECK_THROWS_AS(
        keepa::parse_product_response(product_with(std::string(R"("csv": [)") + history + "]" + room_after()), "x"),
        keepa::parse_error);
  }
}

TEST_CASE("a compact body cut anywhere inside its histories is a parse error") {
  const std::string body =
      product_with(R"("csv": [[7207224,2499,7207300,-1],[7207224,1]], "offers": [{"offerCSV": [7207224,2499,0]}])");
  for (std::size_t cut = body.find("[["); cut < body.rfind("]}]"); ++cut) {
    INFO("cut at " << cut << ": " << body.substr(0, cut));
    CHECK_THROWS_AS(keepa::parse_product_response(std::string_view(body).substr(0, cut), "cut"),
                    keepa::parse_error);
  }
}
