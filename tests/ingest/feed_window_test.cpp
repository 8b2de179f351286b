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
