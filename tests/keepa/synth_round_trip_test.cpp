// The parser reads back exactly what synth renders: products (with offers, so
// no type is masked), stats-only bodies, deals, sellers and error bodies.
#include "keepa/parse.hpp"
#include "synth/deal.hpp"
#include "synth/render.hpp"
#include "synth/universe.hpp"

#include <catch2/catch.hpp>

#include <vector>

namespace {

void check_same_stats(const keepa::product_stats& a, const keepa::product_stats& b) {
  CHECK(a.current == b.current);
  CHECK(a.avg == b.avg);
  CHECK(a.avg30 == b.avg30);
  CHECK(a.avg90 == b.avg90);
  CHECK(a.avg180 == b.avg180);
  CHECK(a.avg365 == b.avg365);
  CHECK(a.at_interval_start == b.at_interval_start);
  for (int t = 0; t < keepa::csv_type_count; ++t) {
    CHECK(a.min[t].has_value() == b.min[t].has_value());
    CHECK(a.max[t].has_value() == b.max[t].has_value());
    if (a.min[t] && b.min[t])
      CHECK((a.min[t]->t == b.min[t]->t && a.min[t]->value == b.min[t]->value));
    if (a.max[t] && b.max[t])
      CHECK((a.max[t]->t == b.max[t]->t && a.max[t]->value == b.max[t]->value));
  }
  CHECK(a.sales_rank_drops30 == b.sales_rank_drops30);
  CHECK(a.sales_rank_drops90 == b.sales_rank_drops90);
  CHECK(a.sales_rank_drops180 == b.sales_rank_drops180);
  CHECK(a.sales_rank_drops365 == b.sales_rank_drops365);
  CHECK(a.total_offer_count == b.total_offer_count);
  CHECK(a.offer_count_fba == b.offer_count_fba);
  CHECK(a.offer_count_fbm == b.offer_count_fbm);
  CHECK(a.retrieved_offer_count == b.retrieved_offer_count);
  CHECK(a.buy_box_price == b.buy_box_price);
  CHECK(a.buy_box_shipping == b.buy_box_shipping);
  CHECK(a.buy_box_is_fba == b.buy_box_is_fba);
  CHECK(a.buy_box_seller_id == b.buy_box_seller_id);
  CHECK(a.last_offers_update == b.last_offers_update);
}

} // namespace

TEST_CASE("a synthetic full-history response with offers parses back to the same products") {
  synth::universe u({.products = 12, .seed = 5});
  std::vector<const keepa::product*> ptrs;
  for (const auto& p : u.products())
    ptrs.push_back(&p);
  keepa::envelope env;
  env.timestamp_ms = keepa::to_unix(u.now()) * 1000;
  env.tokens_left = -3;
  env.tokens_consumed = 84;
  env.refill_rate = 20;
  env.refill_in_ms = 4200;
  const auto r = keepa::parse_product_response(
      synth::render_product_response(ptrs, env, {.history = true, .offers = true}), "synthetic");
  CHECK(r.env.timestamp_ms == env.timestamp_ms);
  CHECK(r.env.tokens_left == -3);
  CHECK(r.env.tokens_consumed == 84);
  CHECK(r.env.refill_rate == 20);
  CHECK(r.env.refill_in_ms == 4200);
  REQUIRE(r.products.size() == u.products().size());
  for (std::size_t i = 0; i < r.products.size(); ++i) {
    const keepa::product& a = u.products()[i];
    const keepa::product& b = r.products[i];
    INFO("product " << a.asin);
    CHECK(a.asin == b.asin);
    CHECK(a.title == b.title);
    CHECK(a.binding == b.binding);
    CHECK(a.manufacturer == b.manufacturer);
    CHECK(a.author == b.author);
    CHECK(a.root_category == b.root_category);
    CHECK(a.categories == b.categories);
    CHECK(a.category_names == b.category_names);
    CHECK(a.last_update == b.last_update);
    CHECK(a.last_price_change == b.last_price_change);
    CHECK(a.tracking_since == b.tracking_since);
    CHECK(a.listed_since == b.listed_since);
    for (int t = 0; t < keepa::csv_type_count; ++t) {
      CHECK(a.csv[t] == b.csv[t]);
      CHECK(a.shipped[t] == b.shipped[t]);
    }
    CHECK(a.sales_ranks == b.sales_ranks);
    REQUIRE(a.stats.has_value() == b.stats.has_value());
    if (a.stats)
      check_same_stats(*a.stats, *b.stats);
    REQUIRE(a.offers.size() == b.offers.size());
    for (std::size_t k = 0; k < a.offers.size(); ++k) {
      CHECK(a.offers[k].seller_id == b.offers[k].seller_id);
      CHECK(a.offers[k].condition == b.offers[k].condition);
      CHECK(a.offers[k].is_fba == b.offers[k].is_fba);
      CHECK(a.offers[k].is_prime == b.offers[k].is_prime);
      CHECK(a.offers[k].is_amazon == b.offers[k].is_amazon);
      CHECK(a.offers[k].last_seen == b.offers[k].last_seen);
      CHECK(a.offers[k].history == b.offers[k].history);
    }
    REQUIRE(a.fees.has_value() == b.fees.has_value());
    if (a.fees)
      CHECK(a.fees->pick_and_pack_fee == b.fees->pick_and_pack_fee);
    CHECK(a.referral_fee_percentage == b.referral_fee_percentage);
  }
}

TEST_CASE("a synthetic stats-only response parses to stats and no histories") {
  synth::universe u({.products = 5, .seed = 9});
  std::vector<const keepa::product*> ptrs;
  for (const auto& p : u.products())
    ptrs.push_back(&p);
  const auto r = keepa::parse_product_response(
      synth::render_product_response(ptrs, keepa::envelope{}, {.history = false}), "synthetic light");
  REQUIRE(r.products.size() == 5);
  for (std::size_t i = 0; i < 5; ++i) {
    const keepa::product& p = r.products[i];
    CHECK(p.asin == u.products()[i].asin);
    REQUIRE(p.stats);
    CHECK(p.stats->current[keepa::used] == u.products()[i].stats->current[keepa::used]);
    CHECK(p.stats->current[keepa::sales_rank] == u.products()[i].stats->current[keepa::sales_rank]);
    for (int t = 0; t < keepa::csv_type_count; ++t)
      CHECK((p.csv[t].empty() && p.shipped[t].empty()));
    CHECK(p.sales_ranks.empty());
  }
}

TEST_CASE("synthetic deals, sellers and error bodies parse back to what was rendered") {
  synth::universe u({.products = 6, .seed = 3});
  std::vector<keepa::deal> deals;
  for (const auto& p : u.products())
    deals.push_back(synth::make_deal(p, u.now()));
  const auto dr = keepa::parse_deal_response(synth::render_deal_response(deals, keepa::envelope{}), "deals");
  REQUIRE(dr.deals.size() == deals.size());
  for (std::size_t i = 0; i < deals.size(); ++i) {
    const keepa::deal& a = deals[i];
    const keepa::deal& b = dr.deals[i];
    INFO("deal " << a.asin);
    CHECK(a.asin == b.asin);
    CHECK(a.parent_asin == b.parent_asin);
    CHECK(a.title == b.title);
    CHECK(a.root_cat == b.root_cat);
    CHECK(a.categories == b.categories);
    CHECK(a.image == b.image);
    CHECK(a.current == b.current);
    CHECK(a.current_since == b.current_since);
    CHECK(a.delta_last == b.delta_last);
    CHECK(a.delta == b.delta);
    CHECK(a.delta_percent == b.delta_percent);
    CHECK(a.avg == b.avg);
    CHECK(a.last_update == b.last_update);
    CHECK(a.creation_date == b.creation_date);
    CHECK(a.lightning_end == b.lightning_end);
    CHECK(a.warehouse_condition == b.warehouse_condition);
  }
  CHECK_FALSE(dr.category_ids.empty());
  CHECK(dr.category_ids.size() == dr.category_names.size());
  CHECK(dr.category_ids.size() == dr.category_count.size());

  const std::vector<keepa::seller> sellers{{"A2L77EE7U53NWQ", "Warehouse \"Deals\"", 93, 120034},
                                           {"A1CX3WR5ZE8WAV", "Books", keepa::no_value, 0}};
  const auto sr = keepa::parse_seller_response(synth::render_seller_response(sellers, keepa::envelope{}), "sellers");
  REQUIRE(sr.sellers.size() == 2);
  for (std::size_t i = 0; i < 2; ++i) {
    CHECK(sr.sellers[i].seller_id == sellers[i].seller_id);
    CHECK(sr.sellers[i].name == sellers[i].name);
    CHECK(sr.sellers[i].current_rating == sellers[i].current_rating);
    CHECK(sr.sellers[i].current_rating_count == sellers[i].current_rating_count);
  }

  keepa::envelope env;
  env.tokens_left = -40;
  env.refill_in_ms = 30000;
  std::optional<keepa::api_error> error;
  const auto got = keepa::parse_envelope(
      synth::render_error_response({"NOT_ENOUGH_TOKEN", "no tokens", ""}, env), "error", &error);
  CHECK(got.tokens_left == -40);
  CHECK(got.refill_in_ms == 30000);
  REQUIRE(error);
  CHECK(error->type == "NOT_ENOUGH_TOKEN");
  CHECK(error->message == "no tokens");
}
