// Fees, All-in cost, Profit, Margin, Min listing price and % Down in cents.
#include "analysis/costs.hpp"
#include "product_builder.hpp"

#include <catch2/catch.hpp>

using analysis::cents;

TEST_CASE("cents round half away from zero", "[costs]") {
  CHECK(analysis::round_cents(0.5) == 1);
  CHECK(analysis::round_cents(2.5) == 3);
  CHECK(analysis::round_cents(-0.5) == -1);
  CHECK(analysis::round_cents(-2.5) == -3);
  CHECK(analysis::round_cents(2.4999) == 2);
  CHECK(analysis::percent_of(1899, 5) == 95);  // 94.95
}

TEST_CASE("fees come from the product, else from the settings' fallbacks", "[costs]") {
  const analysis::settings s;
  keepa::product p;
  auto f = analysis::fees_of(p, s);
  CHECK(f.fba_fee_cents == 550);
  CHECK(f.referral_pct == 15.0);
  p.fees = keepa::fba_fees{409};
  p.referral_fee_percentage = 15.01;
  f = analysis::fees_of(p, s);
  CHECK(f.fba_fee_cents == 409);
  CHECK(f.referral_pct == 15.01);
  p.fees = keepa::fba_fees{keepa::no_value};  // Keepa knows no fee
  p.referral_fee_percentage = 0.0;
  f = analysis::fees_of(p, s);
  CHECK(f.fba_fee_cents == 550);
  CHECK(f.referral_pct == 15.0);
}

namespace {
struct profit_case {
  const char* name;
  analysis::settings s;
  std::optional<cents> price, list_at, avg;
  std::optional<cents> all_in, profit, min_listing;
  std::optional<double> margin, down;
};
analysis::settings tax_exempt() {
  analysis::settings s;
  s.tax_exempt = true;
  return s;
}
} // namespace

TEST_CASE("profit figures from Price Now, List at and 1yr Avg", "[costs]") {
  const analysis::fees f{550, 15.0};
  const std::vector<profit_case> cases{
      // 18.99 (15.00 + 3.99 shipping already in) + tax 5 % = 0.95 (94.95)
      // + prep 2.75 + referral 15 % of 40.00 = 6.00 + FBA 5.50 = 34.19.
      // Profit 40.00 - 34.19 = 5.81; margin 5.81 / 40.00 = 14.525 %;
      // Min listing 34.19 / 0.9 = 37.988.. -> 37.99; % Down (25.00 - 18.99) / 25.00 = 24.04 %.
      {"defaults", {}, 1899, 4000, 2500, 3419, 581, 3799, 14.525, 24.04},
      // Tax exempt: 34.19 - 0.95 = 33.24; 33.24 / 0.9 = 36.933.. -> 36.93.
      {"tax exempt", tax_exempt(), 1899, 4000, 2500, 3324, 676, 3693, 16.9, 24.04},
      // Price above 1yr Avg: % Down floors at 0. Loss: 30.00 - (45.00 + 2.25 +
      // 2.75 + 4.50 + 5.50 = 60.00) = -30.00; margin -100 %.
      {"loss and price above average", {}, 4500, 3000, 2500, 6000, -3000, 6667, -100.0, 0.0},
      // No List at: nothing that needs it, but % Down still.
      {"no List at", {}, 1899, std::nullopt, 2500, {}, {}, {}, {}, 24.04},
      // No price: nothing at all.
      {"no price", {}, std::nullopt, 4000, 2500, {}, {}, {}, {}, {}},
      // No 1yr Avg: no % Down.
      {"no 1yr Avg", {}, 1899, 4000, std::nullopt, 3419, 581, 3799, 14.525, {}},
  };
  for (const auto& c : cases) {
    SECTION(c.name) {
      const auto r = analysis::compute_profit(c.price, c.list_at, c.avg, f, c.s);
      CHECK(r.all_in_cost_cents == c.all_in);
      CHECK(r.profit_cents == c.profit);
      CHECK(r.min_listing_cents == c.min_listing);
      REQUIRE(r.margin_pct.has_value() == c.margin.has_value());
      if (c.margin)
        CHECK(*r.margin_pct == Approx(*c.margin));
      REQUIRE(r.percent_down.has_value() == c.down.has_value());
      if (c.down)
        CHECK(*r.percent_down == Approx(*c.down));
    }
  }
}

TEST_CASE("All-in cost does not add estimated shipping on top of Price Now (original bug)", "[costs][bug]") {
  // The original added $3.99 again although Price Now (15.00 + 3.99) carried
  // it: 18.99 + 0.95 + 2.75 + 6.00 + 5.50 + 3.99 = 38.18. Ours stays 34.19,
  // and the estimate setting cannot change All-in for a given Price Now.
  analysis::settings s;
  const analysis::fees f{550, 15.0};
  CHECK(analysis::all_in_cost(1899, 4000, f, s) == 3419);
  s.estimated_shipping_cents = 10000;
  CHECK(analysis::all_in_cost(1899, 4000, f, s) == 3419);
}
