// The real /product capture in ../shared/fixtures: values read out of the
// file by hand must come back out of the parser.
#include "keepa/parse.hpp"

#include <catch2/catch.hpp>

#ifdef KEEPA_FIXTURES_DIR

#include <fstream>
#include <iterator>
#include <string>

namespace {

std::string capture() {
  std::ifstream in(KEEPA_FIXTURES_DIR "/keepa/product-B0D8W1YVBX-full-history.json", std::ios::binary);
  REQUIRE(in);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

} // namespace

TEST_CASE("the real B0D8W1YVBX capture parses to the values in the file") {
  const std::string body = capture();
  const auto r = keepa::parse_product_response(body, "file product-B0D8W1YVBX-full-history.json");
  CHECK(r.env.tokens_consumed == 4);
  CHECK(r.env.tokens_left == 94);
  CHECK(r.env.refill_in_ms == 53441);
  CHECK(r.env.refill_rate == 60);
  CHECK(r.env.timestamp_ms == 1778386768884);
  CHECK(r.env.processing_time_ms == 1);
  REQUIRE(r.products.size() == 1);
  const keepa::product& p = r.products[0];
  CHECK(p.asin == "B0D8W1YVBX");
  CHECK_THAT(p.title, Catch::StartsWith("EQQUALBERRY Vitamin Illuminating Serum | Niacinamide 4%"));
  CHECK(p.binding.empty());  // null in the file: not a book
  CHECK(p.author.empty());
  CHECK(p.manufacturer == "boosters");
  CHECK(p.root_category == 3760911);
  CHECK(p.categories == std::vector<std::int64_t>{7792528011});
  REQUIRE(p.category_names.size() == 5);
  CHECK(p.category_names.front() == "Beauty & Personal Care");
  CHECK(p.category_names.back() == "Serums");
  CHECK(p.last_update == 8075762);
  CHECK(p.last_price_change == 8070968);
  CHECK(p.tracking_since == 7207224);
  CHECK(p.listed_since == 7105472);

  CHECK(p.csv[keepa::amazon] == std::vector<keepa::point>{{7207224, -1}});
  REQUIRE(p.csv[keepa::new_price].size() == 129);
  CHECK(p.csv[keepa::new_price].front() == keepa::point{7207224, 2499});
  CHECK(p.csv[keepa::new_price].back() == keepa::point{8057266, 1499});
  REQUIRE(p.csv[keepa::sales_rank].size() == 2740);
  CHECK(p.csv[keepa::sales_rank].back() == keepa::point{8075600, 23});
  CHECK(p.csv[keepa::extra_info_updates].size() == 4099);
  CHECK(p.csv[keepa::count_reviews].size() == 2956);
  CHECK(p.csv[keepa::count_new_fbm].size() == 74);
  REQUIRE(p.shipped[keepa::buy_box_shipping].size() == 249);
  CHECK(p.shipped[keepa::buy_box_shipping].front() == keepa::shipped_point{7207224, 2499, 0});
  CHECK(p.csv[keepa::buy_box_shipping].empty());
  CHECK(p.csv[keepa::used].size() == 1);

  REQUIRE(p.sales_ranks.size() == 2);
  CHECK(p.sales_ranks[0].first == 3760911);
  CHECK(p.sales_ranks[0].second.size() == 2735);
  CHECK(p.sales_ranks[1].first == 7792528011);
  CHECK(p.sales_ranks[1].second.size() == 1772);

  REQUIRE(p.stats);
  const keepa::product_stats& s = *p.stats;
  CHECK(s.current[keepa::new_price] == 1499);
  CHECK(s.current[keepa::sales_rank] == 23);
  CHECK(s.current[keepa::count_reviews] == 11598);
  CHECK(s.current[keepa::used] == -1);
  CHECK(s.avg30[keepa::new_price] == 1742);
  CHECK(s.avg365[keepa::sales_rank] == 655);
  CHECK(s.at_interval_start[keepa::count_reviews] == 2299);
  REQUIRE(s.min[keepa::new_price]);
  CHECK(s.min[keepa::new_price]->t == 8009716);
  CHECK(s.min[keepa::new_price]->value == 1499);
  REQUIRE(s.max[keepa::sales_rank]);
  CHECK(s.max[keepa::sales_rank]->value == 968736);
  CHECK_FALSE(s.min[keepa::amazon]);
  CHECK(s.sales_rank_drops30 == 35);
  CHECK(s.sales_rank_drops365 == 424);
  CHECK(s.total_offer_count == 5);
  CHECK(s.offer_count_fba == keepa::not_requested);
  CHECK(s.buy_box_price == 1499);
  CHECK(s.buy_box_shipping == 0);
  CHECK(s.buy_box_is_fba);
  CHECK(s.buy_box_seller_id == "AFZNN5H6MIT2Z");
  CHECK(s.last_offers_update == 8075762);

  CHECK(p.offers.empty());
  REQUIRE(p.fees);
  CHECK(p.fees->pick_and_pack_fee == 409);
  REQUIRE(p.referral_fee_percentage);
  CHECK(*p.referral_fee_percentage == Approx(15.01));
}

TEST_CASE("the real capture cut short anywhere is a parse_error, never a crash") {
  const std::string body = capture();
  for (std::size_t cut = 0; cut < body.size(); cut += 1009) {
    INFO("cut at " << cut);
    CHECK_THROWS_AS(keepa::parse_product_response(std::string_view(body).substr(0, cut), "cut"),
                    keepa::parse_error);
  }
}

TEST_CASE("the real capture with a corrupted history value names that history") {
  std::string body = capture();
  // The first sales-rank point is [7208104, 272670]: make the rank a fraction.
  const auto at = body.find("272670,", body.find("\"csv\""));
  REQUIRE(at != std::string::npos);
  body.replace(at, 6, "2726.7");
  try {
    keepa::parse_product_response(body, "corrupted capture");
    FAIL("parsed without error");
  } catch (const keepa::parse_error& e) {
    CHECK(e.asin() == "B0D8W1YVBX");
    CHECK(e.field() == "csv[3] element 1");
  }
}

#endif
