// The router's plan under each mode: which feed entries cost nothing, which a
// light call, which a heavy one.
#include "ingest/batch_plan.hpp"

#include <catch2/catch.hpp>

using ingest::ingest_mode;

namespace {

constexpr storage::unix_seconds now = 1'800'000'000;

keepa::deal entry(std::string asin, std::int32_t used_price = 1000, keepa::keepa_minute last_update = 100) {
  keepa::deal d;
  d.asin = std::move(asin);
  d.current[keepa::used] = used_price;
  d.last_update = last_update;
  return d;
}

storage::kept_fields kept(std::optional<storage::unix_seconds> data_at = now - 3600) {
  return {.list_at_cents = 3000, .one_year_avg_cents = 2500, .product_data_utc = data_at};
}

ingest::batch_plan plan(ingest_mode mode, std::vector<keepa::deal> entries, const ingest::known_asins& known,
                        std::unordered_set<std::string> not_viable = {}) {
  return ingest::plan_batch(entries, known, not_viable, ingest::policy_for(mode), now);
}

} // namespace

TEST_CASE("optimal refreshes known deals from the feed; hybrid pays a light call; heavy-only fetches all heavy") {
  ingest::known_asins known;
  known.deals["KNOWN"] = kept();
  const std::vector<keepa::deal> entries{entry("KNOWN"), entry("NEW")};

  const auto optimal = plan(ingest_mode::optimal, entries, known);
  REQUIRE(optimal.from_feed.size() == 1);
  CHECK(optimal.from_feed[0].entry.asin == "KNOWN");
  CHECK(optimal.light.empty());
  CHECK(optimal.top_up.empty());  // its data is an hour old
  CHECK(optimal.heavy == std::vector<std::string>{"NEW"});

  const auto hybrid = plan(ingest_mode::hybrid, entries, known);
  CHECK(hybrid.from_feed.empty());
  REQUIRE(hybrid.light.size() == 1);
  CHECK(hybrid.light[0].asin == "KNOWN");
  CHECK(hybrid.heavy == std::vector<std::string>{"NEW"});

  const auto heavy_only = plan(ingest_mode::heavy_only, entries, known);
  CHECK(heavy_only.heavy == std::vector<std::string>{"KNOWN", "NEW"});
}

TEST_CASE("optimal tops up a feed refresh with a light call once the product data is older than the max age") {
  ingest::known_asins known;
  known.deals["STALE"] = kept(now - 25 * 3600);
  known.deals["NEVER"] = kept(std::nullopt);
  const auto p = plan(ingest_mode::optimal, {entry("STALE"), entry("NEVER")}, known);
  CHECK(p.from_feed.size() == 2);
  CHECK(p.top_up.size() == 2);

  auto every_time = ingest::policy_for(ingest_mode::optimal);
  every_time.light_max_age_seconds = 0;  // the seed's behaviour: light at every reappearance
  known.deals["FRESH"] = kept(now);
  const std::vector<keepa::deal> fresh{entry("FRESH")};
  CHECK(ingest::plan_batch(fresh, known, {}, every_time, now).top_up.size() == 1);
}

TEST_CASE("a reject cools down unless the feed's price fell far enough; only optimal remembers") {
  ingest::known_asins known;
  known.rejects["REJ"] = {.asin = "REJ", .reason = "no_sales", .rejected_utc = now - 3600, .price_cents = 1000};
  CHECK(plan(ingest_mode::optimal, {entry("REJ", 1000)}, known).cooling == std::vector<std::string>{"REJ"});
  // 20 % under the price it was rejected at: worth another look.
  CHECK(plan(ingest_mode::optimal, {entry("REJ", 800)}, known).heavy == std::vector<std::string>{"REJ"});
  CHECK(plan(ingest_mode::optimal, {entry("REJ", 801)}, known).cooling.size() == 1);
  CHECK(plan(ingest_mode::hybrid, {entry("REJ", 1000)}, known).heavy == std::vector<std::string>{"REJ"});
  // The cooldown is over.
  known.rejects["REJ"].rejected_utc = now - 72 * 3600;
  CHECK(plan(ingest_mode::optimal, {entry("REJ", 1000)}, known).heavy == std::vector<std::string>{"REJ"});
}

TEST_CASE("the peek rules out new ASINs but not known ones; a zombie row is analysed again") {
  ingest::known_asins known;
  known.deals["KNOWN"] = kept();
  known.deals["ZOMBIE"] = storage::kept_fields{};  // no List at, no 1yr Avg
  const std::unordered_set<std::string> hopeless{"KNOWN", "NEW"};
  const auto p = plan(ingest_mode::optimal, {entry("KNOWN"), entry("NEW"), entry("ZOMBIE")}, known, hopeless);
  CHECK(p.not_viable == std::vector<std::string>{"NEW"});
  CHECK(p.from_feed.size() == 1);
  CHECK(p.heavy == std::vector<std::string>{"ZOMBIE"});
  // The original fetched everything.
  CHECK(plan(ingest_mode::heavy_only, {entry("NEW")}, known, hopeless).heavy.size() == 1);
}

TEST_CASE("an ASIN listed twice is planned once, from its newest entry") {
  ingest::known_asins known;
  known.deals["TWICE"] = kept();
  const auto p = plan(ingest_mode::optimal, {entry("TWICE", 1200, 100), entry("TWICE", 900, 200)}, known);
  REQUIRE(p.from_feed.size() == 1);
  CHECK(p.from_feed[0].entry.current[keepa::used] == 900);
}

TEST_CASE("mode and offers policy names round-trip; anything else is refused") {
  for (auto m : {ingest_mode::heavy_only, ingest_mode::hybrid, ingest_mode::optimal})
    CHECK(ingest::parse_ingest_mode(ingest::to_string(m)) == m);
  CHECK_FALSE(ingest::parse_ingest_mode("heavy_only"));
  CHECK(ingest::parse_offers_policy("profitable") == ingest::offers_policy::profitable);
  CHECK_FALSE(ingest::parse_offers_policy("sometimes"));
  CHECK(ingest::policy_for(ingest_mode::hybrid).heavy_offers == ingest::offers_policy::always);
  CHECK(ingest::policy_for(ingest_mode::optimal).heavy_offers == ingest::offers_policy::profitable);
}
