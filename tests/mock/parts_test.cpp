// The mock's parts without the network: bucket arithmetic, query decoding,
// fault queue, gzip, selection parsing and the billing outcome rules.
#include "mock/deal_feed.hpp"
#include "mock/fault_queue.hpp"
#include "mock/gzip.hpp"
#include "mock/product_billing.hpp"
#include "mock/query.hpp"
#include "mock/request_error.hpp"
#include "mock/token_bucket.hpp"

#include <catch2/catch.hpp>

using namespace mock;

TEST_CASE("bucket starts with an hour's worth and refills once a minute up to the cap", "[bucket]") {
  token_bucket bucket(5, 0, std::nullopt);
  CHECK(bucket.capacity() == 300);
  CHECK(bucket.balance() == 300);
  bucket.charge(310);
  CHECK(bucket.balance() == -10);
  CHECK_FALSE(bucket.admits());
  bucket.catch_up(59'999);
  CHECK(bucket.balance() == -10);
  CHECK(bucket.refill_in_ms(59'999) == 1);
  bucket.catch_up(60'000);
  CHECK(bucket.balance() == -5);
  bucket.catch_up(180'000);  // two more boundaries
  CHECK(bucket.balance() == 5);
  CHECK(bucket.admits());
  bucket.catch_up(10 * 3'600'000);
  CHECK(bucket.balance() == 300);
  CHECK(bucket.refill_in_ms(10 * 3'600'000 + 15'000) == 45'000);
}

TEST_CASE("bucket refuses a rate below one token a minute", "[bucket]") {
  CHECK_THROWS_WITH(token_bucket(0, 0, std::nullopt), Catch::Contains("token rate"));
}

TEST_CASE("query decodes percent escapes and plus, and names a bad escape", "[query]") {
  const query q = parse_target("/deal?selection=%7B%22page%22%3A1%7D&a=b+c&flag");
  CHECK(q.path == "/deal");
  REQUIRE(q.find("selection"));
  CHECK(*q.find("selection") == R"({"page":1})");
  CHECK(*q.find("a") == "b c");
  CHECK(q.flag("flag"));
  CHECK_THROWS_WITH(parse_target("/product?asin=%ZZ"), Catch::Contains("parameter asin"));
}

TEST_CASE("query takes one trailing slash as the same endpoint, as Keepa does", "[query]") {
  CHECK(parse_target("/product/?asin=X").path == "/product");
  CHECK(parse_target("/token/").path == "/token");
  CHECK(parse_target("/").path == "/");
  CHECK(parse_target("/product//").path == "/product/");  // only one: anything else stays unknown
}

TEST_CASE("query integers are range-checked by name", "[query]") {
  const query q = parse_target("/product?offers=5&stats=x");
  CHECK_THROWS_WITH(q.integer("offers", 0, 20, 100), Catch::Contains("offers") && Catch::Contains("20..100"));
  CHECK_THROWS_WITH(q.integer("stats", 0, 0, 10), Catch::Contains("stats must be an integer"));
  CHECK(q.integer("days", 7, 0, 10) == 7);
}

TEST_CASE("faults hit the next requests in order and only their endpoint", "[faults]") {
  fault_queue queue;
  queue.push(fault{fault_kind::internal_error, 2, 0, 1, ""});
  queue.push(fault{fault_kind::slow, 1, 50, 1, "deal"});
  CHECK(queue.take("product")->kind == fault_kind::internal_error);
  CHECK(queue.take("deal")->kind == fault_kind::internal_error);
  CHECK_FALSE(queue.take("product"));
  const auto slow = queue.take("deal");
  REQUIRE(slow);
  CHECK(slow->delay_ms == 50);
  CHECK(queue.size() == 0);
  CHECK_THROWS_WITH(queue.push(fault{fault_kind::slow, 1, 0, 1, "products"}), Catch::Contains("endpoint"));
  CHECK(fault_kind_from_name("truncated-gzip") == fault_kind::truncated_gzip);
  CHECK(fault_kind_from_name("drop_connection") == fault_kind::drop_connection);
  CHECK_FALSE(fault_kind_from_name("explode"));
}

TEST_CASE("gzip round-trips and a truncated body is reported, not inflated", "[gzip]") {
  std::string text;
  for (int i = 0; i < 5000; ++i)
    text += "{\"asin\":\"" + std::to_string(i) + "\"},";
  const std::string packed = gzip_compress(text, 1);
  CHECK(static_cast<unsigned char>(packed[0]) == 0x1f);
  CHECK(static_cast<unsigned char>(packed[1]) == 0x8b);
  CHECK(gzip_decompress(packed) == text);
  CHECK_THROWS_WITH(gzip_decompress(packed.substr(0, packed.size() / 2)), Catch::Contains("truncated"));
}

TEST_CASE("selection errors name the field", "[deal]") {
  CHECK_THROWS_WITH(parse_selection(R"({"priceTypes":[1,2]})"), Catch::Contains("selection.priceTypes"));
  CHECK_THROWS_WITH(parse_selection(R"({"salesRankRange":[5]})"), Catch::Contains("selection.salesRankRange"));
  CHECK_THROWS_WITH(parse_selection(R"({"page":"x"})"), Catch::Contains("selection.page must be an integer"));
  CHECK_THROWS_WITH(parse_selection(R"({"page":)"), Catch::Contains("not valid JSON"));
  const auto s = parse_selection(
      R"({"page":2,"priceTypes":[2],"dateRange":3,"sortType":-4,"salesRankRange":[10000,-1],"includeCategories":[283155]})");
  CHECK(s.page == 2);
  CHECK(s.sort_type == -4);
  REQUIRE(s.sales_rank_range);
  CHECK(s.sales_rank_range->contains(50'000'000));
  CHECK_FALSE(s.sales_rank_range->contains(9'999));
}

TEST_CASE("a scalar priceTypes is a one-element list; other strictness stays", "[deal]") {
  CHECK(parse_selection(R"({"priceTypes":2})").price_type == 2);
  CHECK(parse_selection(R"({"priceTypes":[2]})").price_type == 2);
  CHECK_THROWS_WITH(parse_selection(R"({"priceTypes":99})"), Catch::Contains("unknown price type 99"));
  CHECK_THROWS_WITH(parse_selection(R"({"priceTypes":"2"})"), Catch::Contains("selection.priceTypes"));
}

TEST_CASE("offer pages found are capped by the pages the request asked for", "[billing]") {
  keepa::product_request r;
  r.offers = 20;
  product_facts f;
  f.offer_count = 45;
  CHECK(outcome_for(r, f, 1000).offer_pages_found == 2);
  f.offer_count = 7;
  CHECK(outcome_for(r, f, 1000).offer_pages_found == 1);
  f.offer_count = 0;
  CHECK(outcome_for(r, f, 1000).has_no_offers);
}

TEST_CASE("offers newer than update=N hours are fresh, older ones are fetched", "[billing]") {
  keepa::product_request r;
  r.offers = 20;
  r.update_hours = 2;
  product_facts f;
  f.offer_count = 15;
  f.last_offers_update = 1000;
  CHECK(outcome_for(r, f, 1000 + 119).offers_fresh);
  CHECK_FALSE(outcome_for(r, f, 1000 + 120).offers_fresh);
}

TEST_CASE("rating is charged only when it moved within 14 days; update=0 only on data under an hour old", "[billing]") {
  keepa::product_request r;
  r.rating = true;
  r.update_hours = 0;
  product_facts f;
  f.last_rating_update = 100;
  f.last_update = 100;
  const keepa::keepa_minute two_weeks = 14 * 24 * 60;
  CHECK(outcome_for(r, f, 100 + two_weeks).rating_updated);
  CHECK_FALSE(outcome_for(r, f, 101 + two_weeks).rating_updated);
  CHECK(outcome_for(r, f, 159).refreshed);
  CHECK_FALSE(outcome_for(r, f, 160).refreshed);
}
