// The Keepa client's retry rules and query strings as pure functions.
#include "keepa/client_query.hpp"
#include "keepa/client_retry.hpp"

#include <catch2/catch.hpp>

using namespace std::chrono_literals;

TEST_CASE("backoff follows 0, 100, 300, 700, 1500 ms and stops at the cap", "[retry]") {
  CHECK(keepa::backoff_delay(1, 60s) == 0ms);
  CHECK(keepa::backoff_delay(2, 60s) == 100ms);
  CHECK(keepa::backoff_delay(3, 60s) == 300ms);
  CHECK(keepa::backoff_delay(4, 60s) == 700ms);
  CHECK(keepa::backoff_delay(5, 60s) == 1500ms);
  CHECK(keepa::backoff_delay(12, 60s) == 60s);
  CHECK(keepa::backoff_delay(200, 5s) == 5s);
}

TEST_CASE("statuses map to the Java client's rules", "[retry]") {
  using keepa::retry_decision;
  CHECK(keepa::decide_for_status(200) == retry_decision::success);
  CHECK(keepa::decide_for_status(429) == retry_decision::wait_for_tokens);
  for (int s : {502, 503, 504, 520})
    CHECK(keepa::decide_for_status(s) == retry_decision::back_off);
  for (int s : {400, 401, 402, 404, 405, 500})
    CHECK(keepa::decide_for_status(s) == retry_decision::fail);
}

TEST_CASE("a 429 waits refillIn, plus whole minutes while the balance is negative", "[retry]") {
  keepa::envelope env;
  env.refill_in_ms = 12'000;
  env.refill_rate = 5;
  env.tokens_left = 0;  // the next refill makes it positive
  CHECK(keepa::wait_for_tokens(env, 100ms) == 12'100ms);
  env.tokens_left = -4;  // one refill of 5 gives +1
  CHECK(keepa::wait_for_tokens(env, 100ms) == 12'100ms);
  env.tokens_left = -5;  // one refill gives 0: a second minute is needed
  CHECK(keepa::wait_for_tokens(env, 100ms) == 72'100ms);
  env.tokens_left = -249;  // 50 refills: 49 minutes after the first
  CHECK(keepa::wait_for_tokens(env, 0ms) == std::chrono::milliseconds(12'000 + 49 * 60'000));
}

TEST_CASE("product queries carry every priced parameter", "[query]") {
  keepa::product_request heavy;
  heavy.stats_days = 365;
  heavy.offers = 20;
  heavy.rating = true;
  heavy.buybox = true;
  heavy.update_hours = 1;
  heavy.stock = true;
  heavy.only_live_offers = true;
  heavy.days = 90;
  CHECK(keepa::product_query({"0000000001"}, heavy) ==
        "domain=1&asin=0000000001&stats=365&offers=20&buybox=1&rating=1&update=1&stock=1"
        "&only-live-offers=1&days=90");
  CHECK(keepa::product_query({"0000000001", "B0D8W1YVBX"}, {}, 2) == "domain=2&asin=0000000001,B0D8W1YVBX");
  keepa::product_request stock_alone;
  stock_alone.stock = true;
  CHECK_THROWS_WITH(keepa::product_query({"0000000001"}, stock_alone), Catch::Contains("stock=1 needs offers"));
  CHECK_THROWS_WITH(keepa::product_query({"SHORT"}, {}), Catch::Contains("'SHORT'"));
}

TEST_CASE("the deal selection is JSON with the original's Books query", "[query]") {
  keepa::deal_selection sel;
  sel.page = 3;
  sel.current_range = keepa::int_range{500, 5000};
  CHECK(keepa::selection_json(sel) ==
        R"({"page":3,"domainId":1,"includeCategories":[283155],"priceTypes":[2],"dateRange":3,)"
        R"("sortType":4,"minRating":-1,"isRangeEnabled":true,"isFilterEnabled":true,"singleVariation":true,)"
        R"("deltaPercentRange":[10,100],"currentRange":[500,5000]})");
  CHECK(keepa::deal_query(sel).rfind("selection=%7B%22page%22%3A3", 0) == 0);
  sel.page = -1;
  CHECK_THROWS_WITH(keepa::deal_query(sel), Catch::Contains("page -1"));
}
