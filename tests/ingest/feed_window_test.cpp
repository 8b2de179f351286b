// The refiller's window on the deal feed and the watermark it may store.
#include "ingest/feed_window.hpp"

#include <catch2/catch.hpp>

namespace {
keepa::deal deal_at(std::string asin, keepa::keepa_minute t) {
  keepa::deal d;
  d.asin = std::move(asin);
  d.last_update = t;
  return d;
}
} // namespace

TEST_CASE("refiller takes deals newer than the watermark and moves it to the newest") {
  std::vector<keepa::deal> feed{deal_at("A", 120), deal_at("B", 90), deal_at("C", 150), deal_at("D", 100)};
  auto w = ingest::choose_new_deals(feed, 100, 200);
  CHECK(w.asins == std::vector<std::string>{"A", "C"});
  CHECK(w.next_watermark == 150);
  CHECK(w.older_skipped == 2);
}

TEST_CASE("a capped run stops the watermark where it stopped taking deals") {
  std::vector<keepa::deal> feed{deal_at("A", 130), deal_at("B", 110), deal_at("C", 120)};
  auto w = ingest::choose_new_deals(feed, 100, 2);
  CHECK(w.asins == std::vector<std::string>{"B", "C"});
  CHECK(w.next_watermark == 120);
  auto next = ingest::choose_new_deals(feed, w.next_watermark, 2);
  CHECK(next.asins == std::vector<std::string>{"A"});
}

TEST_CASE("a cap inside one minute keeps the watermark before that minute") {
  std::vector<keepa::deal> feed{deal_at("A", 110), deal_at("B", 120), deal_at("C", 120)};
  auto w = ingest::choose_new_deals(feed, 100, 2);
  CHECK(w.asins == std::vector<std::string>{"A", "B"});
  CHECK(w.next_watermark == 119);
}

TEST_CASE("nothing new keeps the watermark") {
  std::vector<keepa::deal> feed{deal_at("A", 90)};
  auto w = ingest::choose_new_deals(feed, 100, 200);
  CHECK(w.asins.empty());
  CHECK(w.next_watermark == 100);
}

TEST_CASE("more deals in the oldest fresh minute than the cap: the whole minute is taken, so every walk progresses") {
  std::vector<keepa::deal> feed{deal_at("A", 120), deal_at("B", 120), deal_at("C", 120), deal_at("D", 130)};
  auto w = ingest::choose_new_deals(feed, 100, 1);
  CHECK(w.asins == std::vector<std::string>{"A", "B", "C"});
  CHECK(w.next_watermark == 120);
  auto next = ingest::choose_new_deals(feed, w.next_watermark, 1);
  CHECK(next.asins == std::vector<std::string>{"D"});
  CHECK(next.next_watermark == 130);
}

TEST_CASE("a deal left unwritten holds the watermark just before its minute; those before it count as done") {
  std::vector<keepa::deal> feed{deal_at("A", 110), deal_at("B", 120), deal_at("C", 130)};
  auto w = ingest::choose_new_deals(feed, 100, 10);
  REQUIRE(w.next_watermark == 130);
  CHECK(ingest::settled_watermark(w, feed, 100, {}) == 130);
  CHECK(ingest::settled_watermark(w, feed, 100, {"B"}) == 119);
  CHECK(ingest::settled_watermark(w, feed, 100, {"C", "B"}) == 119);
  // Never behind where it stood.
  CHECK(ingest::settled_watermark(w, feed, 100, {"A"}) == 109);
  auto again = ingest::choose_new_deals(feed, 109, 10);
  CHECK(again.asins == std::vector<std::string>{"A", "B", "C"});
}

TEST_CASE("a walk newest first stops at the page that reaches the watermark") {
  CHECK_FALSE(ingest::reaches_watermark({deal_at("A", 130), deal_at("B", 121)}, 120));
  CHECK(ingest::reaches_watermark({deal_at("A", 130), deal_at("B", 120)}, 120));
  CHECK_FALSE(ingest::reaches_watermark({}, 120));
}

TEST_CASE("a saved watermark is read strictly: garbage and out-of-range values are named, not truncated") {
  CHECK(ingest::parse_watermark("refiller.watermark", "8327520") == 8327520);
  CHECK(ingest::parse_watermark("refiller.watermark", "0") == 0);
  CHECK_THROWS_WITH(ingest::parse_watermark("refiller.watermark", "garbage"),
                    Catch::Contains("refiller.watermark") && Catch::Contains("'garbage'"));
  CHECK_THROWS_WITH(ingest::parse_watermark("refiller.watermark", "9999999999"), Catch::Contains("'9999999999'"));
  CHECK_THROWS(ingest::parse_watermark("refiller.watermark", "-5"));
  CHECK_THROWS(ingest::parse_watermark("refiller.watermark", "12 "));
  CHECK_THROWS(ingest::parse_watermark("refiller.watermark", ""));
}
