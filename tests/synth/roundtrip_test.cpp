// Rendered JSON parses back (keepa::parse_*) into the model it came from:
// render(p, options) -> parse == as_rendered(p, options).
#include "synth_test_support.hpp"

#include "keepa/parse.hpp"

#include <catch2/catch.hpp>

using synth_test::make;

namespace {

bool same_dated(const std::array<std::optional<keepa::dated_value>, keepa::csv_type_count>& a,
                const std::array<std::optional<keepa::dated_value>, keepa::csv_type_count>& b) {
  for (int i = 0; i < keepa::csv_type_count; ++i) {
    if (a[i].has_value() != b[i].has_value()) return false;
    if (a[i] && (a[i]->t != b[i]->t || a[i]->value != b[i]->value)) return false;
  }
  return true;
}

void check_same_stats(const keepa::product_stats& a, const keepa::product_stats& b) {
  CHECK(a.current == b.current);
  CHECK(a.avg == b.avg);
  CHECK(a.avg30 == b.avg30);
  CHECK(a.avg90 == b.avg90);
  CHECK(a.avg180 == b.avg180);
  CHECK(a.avg365 == b.avg365);
  CHECK(a.at_interval_start == b.at_interval_start);
  CHECK(same_dated(a.min, b.min));
  CHECK(same_dated(a.max, b.max));
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

void check_same_product(const keepa::product& a, const keepa::product& b) {
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
    INFO("csv type " << t);
    CHECK(a.csv[t] == b.csv[t]);
    CHECK(a.shipped[t] == b.shipped[t]);
  }
  CHECK(a.sales_ranks == b.sales_ranks);
  REQUIRE(a.stats.has_value() == b.stats.has_value());
  if (a.stats) check_same_stats(*a.stats, *b.stats);
  REQUIRE(a.offers.size() == b.offers.size());
  for (std::size_t i = 0; i < a.offers.size(); ++i) {
    INFO("offer " << i);
    CHECK(a.offers[i].seller_id == b.offers[i].seller_id);
    CHECK(a.offers[i].condition == b.offers[i].condition);
    CHECK(a.offers[i].is_fba == b.offers[i].is_fba);
    CHECK(a.offers[i].is_prime == b.offers[i].is_prime);
    CHECK(a.offers[i].is_amazon == b.offers[i].is_amazon);
    CHECK(a.offers[i].last_seen == b.offers[i].last_seen);
    CHECK(a.offers[i].history == b.offers[i].history);
  }
  REQUIRE(a.fees.has_value() == b.fees.has_value());
  if (a.fees) CHECK(a.fees->pick_and_pack_fee == b.fees->pick_and_pack_fee);
  CHECK(a.referral_fee_percentage == b.referral_fee_percentage);
}

void check_round_trip(const synth::universe& u, const synth::render_options& options) {
  const std::vector<keepa::product> products = u.all_products();
  std::vector<const keepa::product*> all;
  for (const auto& p : products) all.push_back(&p);
  keepa::envelope env;
  env.timestamp_ms = 1793491200123;
  env.tokens_left = -249;
  env.tokens_consumed = 100;
  env.refill_in_ms = 54321;
  env.refill_rate = 20;
  env.processing_time_ms = 7;
  const auto body = synth::render_product_response(all, env, options);
  const auto parsed = keepa::parse_product_response(body, "synthetic round trip");
  CHECK(parsed.env.timestamp_ms == env.timestamp_ms);
  CHECK(parsed.env.tokens_left == env.tokens_left);
  CHECK(parsed.env.tokens_consumed == env.tokens_consumed);
  CHECK(parsed.env.refill_in_ms == env.refill_in_ms);
  CHECK(parsed.env.refill_rate == env.refill_rate);
  CHECK(parsed.env.processing_time_ms == env.processing_time_ms);
  CHECK_FALSE(parsed.error);
  REQUIRE(parsed.products.size() == all.size());
  for (std::size_t i = 0; i < all.size(); ++i) check_same_product(synth::as_rendered(*all[i], options), parsed.products[i]);
}

} // namespace

TEST_CASE("full history with offers parses back to the same products", "[synth][roundtrip]") {
  synth::render_options o;
  o.offers = true;
  check_round_trip(make(25, 61), o);
}

TEST_CASE("full history without offers parses back without offer-only data", "[synth][roundtrip]") {
  const auto u = make(25, 62);
  check_round_trip(u, {});
  const auto first = u.product(0);
  const auto seen = synth::as_rendered(first, {});
  CHECK(seen.offers.empty());
  CHECK(seen.shipped[keepa::used_good_shipping].empty());
  CHECK(seen.stats->offer_count_fba == keepa::not_requested);
  CHECK(seen.stats->current[keepa::used_good_shipping] == keepa::not_requested);
  CHECK(seen.stats->current[keepa::used] == first.stats->current[keepa::used]);
}

TEST_CASE("history=0 renders no csv and no salesRanks but keeps stats", "[synth][roundtrip]") {
  const auto u = make(10, 63);
  synth::render_options o;
  o.history = false;
  const auto body = synth_test::render_all(u, o);
  CHECK(body.find("\"csv\"") == std::string::npos);
  CHECK(body.find("\"salesRanks\"") == std::string::npos);
  CHECK(body.find("\"stats\"") != std::string::npos);
  CHECK(body.size() * 20 < synth_test::render_all(u).size());
  check_round_trip(u, o);
  const auto parsed = keepa::parse_product_response(body, "history=0");
  for (const auto& p : parsed.products)
    for (const auto& series : p.csv) CHECK(series.empty());
}

TEST_CASE("stats can be left out", "[synth][roundtrip]") {
  synth::render_options o;
  o.stats = false;
  const auto u = make(5, 64, 60);
  CHECK(synth_test::render_all(u, o).find("\"stats\"") == std::string::npos);
  check_round_trip(u, o);
}

TEST_CASE("strings with quotes, backslashes, control and non-ASCII characters survive", "[synth][roundtrip]") {
  keepa::product p = make(1, 65, 30).product(0);
  p.title = "The \"Quoted\" Book \\ Part\n2\t\x01\x1f \xC3\xA9t\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC";
  p.author = "O'Brien / \"Bob\"";
  p.category_names.back() = "Kids\\Teens";
  const keepa::product* one[] = {&p};
  const auto body = synth::render_product_response(one, {}, {});
  CHECK(body.find("\\u0001") != std::string::npos);
  CHECK(body.find("\\u001f") != std::string::npos);
  const auto parsed = keepa::parse_product_response(body, "escapes");
  REQUIRE(parsed.products.size() == 1);
  CHECK(parsed.products[0].title == p.title);
  CHECK(parsed.products[0].author == p.author);
  CHECK(parsed.products[0].category_names == p.category_names);
}

TEST_CASE("deal feed parses back, image as character codes", "[synth][roundtrip][deal]") {
  const auto u = make(12, 66, 120);
  std::vector<keepa::deal> deals;
  for (const auto& p : u.all_products()) deals.push_back(synth::make_deal(p, u.now()));
  deals[3].parent_asin = "B000PARENT";
  keepa::envelope env;
  env.tokens_consumed = 5;
  const auto body = synth::render_deal_response(deals, env);
  CHECK(body.find("\"image\":[53,49,") != std::string::npos);  // "51..." as codes
  const auto parsed = keepa::parse_deal_response(body, "synthetic deals");
  REQUIRE(parsed.deals.size() == deals.size());
  CHECK(parsed.env.tokens_consumed == 5);
  CHECK(parsed.category_ids == std::vector<std::int64_t>{283155});
  CHECK(parsed.category_names == std::vector<std::string>{"Books"});
  CHECK(parsed.category_count == std::vector<std::int32_t>{12});
  for (std::size_t i = 0; i < deals.size(); ++i) {
    const auto& a = deals[i];
    const auto& b = parsed.deals[i];
    INFO(a.asin);
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
}

TEST_CASE("sellers and error bodies parse back", "[synth][roundtrip]") {
  const auto u = make(3, 67, 30);
  const std::vector<keepa::seller> sellers(u.sellers().begin(), u.sellers().begin() + 3);
  const auto parsed = keepa::parse_seller_response(synth::render_seller_response(sellers, {}), "sellers");
  REQUIRE(parsed.sellers.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(parsed.sellers[i].seller_id == sellers[i].seller_id);
    CHECK(parsed.sellers[i].name == sellers[i].name);
    CHECK(parsed.sellers[i].current_rating == sellers[i].current_rating);
    CHECK(parsed.sellers[i].current_rating_count == sellers[i].current_rating_count);
  }
  keepa::envelope env;
  env.tokens_left = -12;
  env.refill_in_ms = 4000;
  const auto body = synth::render_error_response({"NOT_ENOUGH_TOKEN", "Not enough \"tokens\"", "wait 4 s"}, env);
  std::optional<keepa::api_error> error;
  const auto e = keepa::parse_envelope(body, "error body", &error);
  CHECK(e.tokens_left == -12);
  CHECK(e.refill_in_ms == 4000);
  REQUIRE(error);
  CHECK(error->type == "NOT_ENOUGH_TOKEN");
  CHECK(error->message == "Not enough \"tokens\"");
  CHECK(error->details == "wait 4 s");
}
