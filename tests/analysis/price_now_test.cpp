// Price Now: a matched offer with its own shipping, else stats plus the estimate.
#include "analysis/price_now.hpp"
#include "product_builder.hpp"

#include <catch2/catch.hpp>

#include <functional>

using namespace testkit;

namespace {

keepa::offer offer_at(int condition, std::int32_t price, std::int32_t shipping, keepa::keepa_minute t,
                      bool fba = false) {
  keepa::offer o;
  o.seller_id = "S1";
  o.condition = condition;
  o.is_fba = fba;
  o.last_seen = t;
  o.history = {{t - days(30), price + 500, 0}, {t, price, shipping}};
  return o;
}

struct price_case {
  const char* name;
  std::function<void(keepa::product&)> build;
  std::optional<analysis::cents> price;
  bool with_offer_shipping;
};

} // namespace

TEST_CASE("Price Now matches the lowest used price to an offer, else adds estimated shipping",
          "[price_now]") {
  const auto now = now_minute();
  const std::vector<price_case> cases{
      {"no stats", [](keepa::product& p) { p.stats.reset(); }, std::nullopt, false},
      {"no used or new price", [](keepa::product&) {}, std::nullopt, false},
      {"prices not requested",
       [](keepa::product& p) { p.stats->current = keepa::filled(keepa::not_requested); }, std::nullopt, false},
      // 15.00 used, no offers: 15.00 + 3.99 estimated.
      {"used from stats", [](keepa::product& p) { p.stats->current[keepa::used] = 1500; }, 1899, false},
      // No used price: new 25.00 + 3.99.
      {"new when no used",
       [](keepa::product& p) { p.stats->current[keepa::new_price] = 2500; }, 2899, false},
      // A used (Good = 4) offer at 15.00 with 3.50 shipping, seen yesterday.
      {"matched offer with its shipping",
       [now](keepa::product& p) {
         p.stats->current[keepa::used] = 1500;
         p.offers.push_back(offer_at(4, 1500, 350, now - days(1)));
       },
       1850, true},
      {"matched FBA offer ships free",
       [now](keepa::product& p) {
         p.stats->current[keepa::used] = 1500;
         p.offers.push_back(offer_at(2, 1500, 350, now - days(1), true));
       },
       1500, true},
      {"offer shipping -1 counts as free",
       [now](keepa::product& p) {
         p.stats->current[keepa::used] = 1500;
         p.offers.push_back(offer_at(5, 1500, -1, now - days(1)));
       },
       1500, true},
      // Last seen 400 days ago: older than 365 days, so not matched.
      {"stale offer is not matched",
       [now](keepa::product& p) {
         p.stats->current[keepa::used] = 1500;
         p.offers.push_back(offer_at(4, 1500, 350, now - days(400)));
       },
       1899, false},
      // The offer's latest price is 16.00, not 15.00 (its older 20.00 too).
      {"different price is not matched",
       [now](keepa::product& p) {
         p.stats->current[keepa::used] = 1500;
         p.offers.push_back(offer_at(4, 1600, 350, now - days(1)));
       },
       1899, false},
      // A NEW offer at the used price is another condition: not matched.
      {"other condition is not matched",
       [now](keepa::product& p) {
         p.stats->current[keepa::used] = 1500;
         p.offers.push_back(offer_at(1, 1500, 350, now - days(1)));
       },
       1899, false},
      // Stats say new 25.00 and the new offer agrees: 25.00 + 1.00 shipping.
      {"new price matched to a new offer",
       [now](keepa::product& p) {
         p.stats->current[keepa::new_price] = 2500;
         p.offers.push_back(offer_at(4, 2500, 350, now - days(1)));
         p.offers.push_back(offer_at(1, 2500, 100, now - days(2)));
       },
       2600, true},
  };
  for (const auto& c : cases) {
    SECTION(c.name) {
      keepa::product p;
      p.stats = no_data_stats();
      c.build(p);
      const auto price = analysis::compute_price_now(p, analysis::settings{}, now);
      REQUIRE(price.has_value() == c.price.has_value());
      if (price) {
        CHECK(price->price_cents == *c.price);
        CHECK(price->includes_offer_shipping == c.with_offer_shipping);
      }
    }
  }
}

TEST_CASE("stats Price Now ignores offers and uses the configured estimate", "[price_now]") {
  keepa::product p;
  p.stats = no_data_stats();
  p.stats->current[keepa::used] = 1500;
  p.offers.push_back(offer_at(4, 1500, 350, now_minute()));
  analysis::settings s;
  s.estimated_shipping_cents = 450;
  const auto price = analysis::stats_price_now(p, s);
  REQUIRE(price);
  CHECK(price->price_cents == 1950);
  CHECK_FALSE(price->includes_offer_shipping);
  CHECK(price->used);
}
