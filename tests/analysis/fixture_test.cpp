// The real Keepa capture analyses without error (a deal or a reason code).
#include "analysis/analyze.hpp"
#include "analysis/light_refresh.hpp"
#include "analysis/peek.hpp"
#include "keepa/parse.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#ifdef KEEPA_FIXTURES_DIR

TEST_CASE("the real full-history capture analyses to a result", "[analyze][fixture]") {
  const std::string path = KEEPA_FIXTURES_DIR "/keepa/product-B0D8W1YVBX-full-history.json";
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  std::stringstream body;
  body << in.rdbuf();
  const auto response = keepa::parse_product_response(body.str(), path);
  REQUIRE(response.products.size() == 1);
  const auto& p = response.products[0];
  const keepa::unix_seconds now = response.env.timestamp_ms / 1000;

  analysis::analysis_result r;
  REQUIRE_NOTHROW(r = analysis::analyze(p, analysis::settings{}, now));
  CHECK(r.asin == "B0D8W1YVBX");
  // The capture's stats (read with a JSON tool): current USED -1, NEW 14.99,
  // Amazon -1, rank 23, used offers -1, salesRankDrops30 35; fbaFees 4.09,
  // referral 15.01 %. No offers were requested.
  REQUIRE(r.price);
  CHECK(r.price->price_cents == 1499 + 399);
  CHECK_FALSE(r.price->includes_offer_shipping);
  CHECK(r.current.sales_rank == 23);
  CHECK_FALSE(r.current.offers_used);
  CHECK(r.current.drops_30d == 35);
  CHECK_FALSE(r.current.amazon_sells);
  CHECK(r.product_fees.fba_fee_cents == 409);
  CHECK(r.product_fees.referral_pct == Approx(15.01));
  // A serum, not a book: new-offer drops against a busy rank history.
  CHECK(r.offer_drops > 0);
  CHECK(r.inferred_sales <= r.offer_drops);
  if (!r.is_deal())
    CHECK(analysis::to_string(r.reason) != "none");
  else
    CHECK(r.list_at_cents);

  const auto row = analysis::to_deal_row(r, now, storage::source_backfiller);
  CHECK(row.asin == "B0D8W1YVBX");

  storage::kept_fields kept{3000, 2500, 409, 15.01};
  const auto u = analysis::light_refresh(p, kept, analysis::settings{}, now, storage::source_backfiller_light);
  CHECK(u.price_now_cents == 1898);
  CHECK(u.profit_cents);
  CHECK(analysis::peek(p).buy_cents == 1499);
}

#endif
