// Products are generated on demand from their seeds: an answer does not
// depend on what was asked before, in which order, or on how the clock got
// to `now`; the resident feed entry is the generated product's own deal.
#include "synth_test_support.hpp"

#include "synth/deal.hpp"
#include "synth/history_stats.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>

using synth_test::make;

namespace {

std::string rendered(const keepa::product& p) {
  synth::render_options everything;
  everything.offers = true;
  const keepa::product* one[] = {&p};
  return synth::render_product_response(one, {}, everything);
}

std::string rendered(const std::vector<keepa::deal>& deals) { return synth::render_deal_response(deals, {}); }

std::string sales_text(const std::vector<synth::sale_record>& sales) {
  std::string text;
  for (const auto& s : sales)
    text += std::to_string(s.count_drop) + "/" + std::to_string(s.rank_drop) + "/" + std::to_string(s.count_type) +
            "/" + std::to_string(s.price) + " ";
  return text;
}

} // namespace

TEST_CASE("a product's answer is the same bytes whatever order and subset products are asked in", "[synth][on-demand]") {
  auto a = make(40, 71, 400);
  auto b = make(40, 71, 400);
  a.advance_to(a.now() + 3 * 24 * 60);
  b.advance_to(b.now() + 3 * 24 * 60);
  // a: every product in index order; b: a subset backwards, each asked twice,
  // with other products and sales records asked in between.
  std::map<std::size_t, std::string> in_order;
  for (std::size_t i = 0; i < a.size(); ++i) in_order[i] = rendered(a.product(i));
  std::size_t compared = 0;
  for (std::size_t i = b.size(); i-- > 0;) {
    if (i % 3 == 1) continue;
    (void)b.product((i * 7) % b.size());
    (void)b.sales_of((i * 11) % b.size());
    const auto first = rendered(b.product(i));
    const auto again = rendered(*b.find(b.asin(i)));
    INFO("product " << i);
    CHECK(first == in_order[i]);
    CHECK(again == first);
    ++compared;
  }
  CHECK(compared > 20);
  CHECK(rendered(a.product(0)).size() > 1000);
}

TEST_CASE("a product at T is the same whether the clock reached T in one step or many", "[synth][on-demand][advance]") {
  auto one = make(30, 72, 400);
  auto many = make(30, 72, 400);
  const auto start = one.now();
  const auto target = start + 37 + 600 + 5 + 2880 + 1 + 4000;
  std::size_t changed_in_steps = 0;
  for (const auto step : {37, 600, 5, 2880, 1, 4000}) changed_in_steps += many.advance_to(many.now() + step);
  const std::size_t changed_at_once = one.advance_to(target);
  REQUIRE(many.now() == target);
  CHECK(changed_at_once > 0);
  CHECK(changed_in_steps >= changed_at_once);  // a book can change in several steps
  std::vector<keepa::deal> deals_one, deals_many;
  for (std::size_t i = 0; i < one.size(); ++i) {
    INFO("product " << i);
    CHECK(rendered(one.product(i)) == rendered(many.product(i)));
    CHECK(sales_text(one.sales_of(i)) == sales_text(many.sales_of(i)));
    deals_one.push_back(one.deal(i));
    deals_many.push_back(many.deal(i));
  }
  CHECK(rendered(deals_one) == rendered(deals_many));
  // And a copy taken half way goes on as the original does.
  auto half = make(30, 72, 400);
  half.advance_to(start + 2000);
  auto copy = half;
  half.advance_to(target);
  copy.advance_to(target);
  for (std::size_t i = 0; i < one.size(); i += 5) CHECK(rendered(copy.product(i)) == rendered(one.product(i)));
  CHECK(rendered(std::vector<keepa::deal>{copy.deal(3)}) == rendered(std::vector<keepa::deal>{one.deal(3)}));
}

TEST_CASE("the resident feed entry is make_deal of the generated product as of its lastUpdate", "[synth][on-demand][deal]") {
  auto u = make(60, 73, 500);
  for (const int hours : {0, 5, 30, 24 * 40}) {
    u.advance_to(u.now() + hours * 60);
    INFO("after " << hours << " h");
    std::vector<keepa::deal> resident, generated;
    for (std::size_t i = 0; i < u.size(); ++i) {
      const auto p = u.product(i);
      resident.push_back(u.deal(i));
      generated.push_back(synth::make_deal(p, p.last_update));
      CHECK(u.deals()[i].last_update == p.last_update);
    }
    CHECK(rendered(resident) == rendered(generated));
  }
}

TEST_CASE("stats are as of the later of the universe's first clock and the product's lastUpdate", "[synth][on-demand][stats]") {
  auto u = make(20, 74, 200);
  const auto first_now = u.now();
  for (std::size_t i = 0; i < u.size(); ++i) {
    const auto p = u.product(i);
    CHECK(p.stats->avg90[keepa::used] == synth::time_weighted_avg(p.csv[keepa::used], first_now - 90 * 1440, first_now));
  }
  u.advance_to(first_now + 2 * 24 * 60);
  std::size_t moved = 0;
  for (std::size_t i = 0; i < u.size(); ++i) {
    const auto p = u.product(i);
    const auto at = std::max(first_now, p.last_update);
    moved += p.last_update > first_now;
    CHECK(p.stats->avg90[keepa::used] == synth::time_weighted_avg(p.csv[keepa::used], at - 90 * 1440, at));
  }
  CHECK(moved > 10);
}
