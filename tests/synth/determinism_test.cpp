// The universe is a pure function of its seed and the advance_to calls made.
#include "synth_test_support.hpp"

#include <catch2/catch.hpp>

#include <set>

using synth_test::make;
using synth_test::render_all;

TEST_CASE("the same seed renders byte-identical responses", "[synth][determinism]") {
  synth::render_options everything;
  everything.offers = true;
  const auto a = render_all(make(30, 42), everything);
  const auto b = render_all(make(30, 42), everything);
  REQUIRE(a.size() > 30 * 1000);
  CHECK(a == b);
}

TEST_CASE("different seeds give different universes", "[synth][determinism]") {
  const auto a = make(30, 1);
  const auto b = make(30, 2);
  CHECK(render_all(a) != render_all(b));
  int same_asin = 0;
  for (std::size_t i = 0; i < 30; ++i) same_asin += a.asin(i) == b.asin(i);
  CHECK(same_asin == 0);
}

TEST_CASE("product i is the same whatever the number of products", "[synth][determinism]") {
  const auto small = make(5, 9);
  const auto large = make(200, 9);
  synth::render_options everything;
  everything.offers = true;
  for (std::size_t i = 0; i < 5; ++i) {
    const auto x = small.product(i);
    const auto y = large.product(i);
    const keepa::product* one[] = {&x};
    const keepa::product* other[] = {&y};
    INFO("product " << i);
    CHECK(synth::render_product_response(one, {}, everything) ==
          synth::render_product_response(other, {}, everything));
  }
}

TEST_CASE("ASINs are unique valid ISBN-10s that find() resolves", "[synth][catalog]") {
  const auto u = make(2000, 5, 30);
  std::set<std::string> seen;
  for (std::size_t index = 0; index < u.size(); ++index) {
    const std::string& asin = u.asin(index);
    REQUIRE(asin.size() == 10);
    int sum = 0;
    for (int i = 0; i < 10; ++i) {
      const char c = asin[static_cast<std::size_t>(i)];
      const int digit = (i == 9 && c == 'X') ? 10 : c - '0';
      REQUIRE(digit >= 0);
      REQUIRE(digit <= 10);
      sum += (10 - i) * digit;
    }
    INFO(asin);
    CHECK(sum % 11 == 0);
    CHECK(seen.insert(asin).second);
    CHECK(u.index_of(asin) == index);
  }
  CHECK(u.product(17).asin == u.asin(17));
  CHECK(u.find(u.asin(17))->title == u.product(17).title);
  CHECK_FALSE(u.index_of("0000000000"));
  CHECK_FALSE(u.find("0000000000"));
  CHECK_FALSE(u.index_of("B00XYZ1234"));
  CHECK_FALSE(make(10, 5, 30).index_of(u.asin(1999)));  // a valid ASIN of this seed, beyond that universe
}

TEST_CASE("advance_to replays identically for the same sequence of calls", "[synth][advance]") {
  auto a = make(40, 11);
  auto b = make(40, 11);
  const auto start = a.now();
  for (const auto step : {37, 600, 5, 2880}) {
    a.advance_to(a.now() + step);
    b.advance_to(b.now() + step);
  }
  CHECK(a.now() == start + 37 + 600 + 5 + 2880);
  synth::render_options everything;
  everything.offers = true;
  CHECK(render_all(a, everything) == render_all(b, everything));
}

TEST_CASE("advance_to moves lastUpdate of changed products only and grows their history", "[synth][advance]") {
  auto u = make(60, 3, 365);
  const auto before = u.all_products();
  const auto then = u.now();
  const std::size_t changed = u.advance_to(then + 6 * 60);
  CHECK(changed > 0);
  CHECK(changed < u.size());  // six hours: not every book has news
  const auto after = u.all_products();
  std::size_t moved = 0;
  synth::render_options everything;
  everything.offers = true;
  for (std::size_t i = 0; i < before.size(); ++i) {
    const auto& old = before[i];
    const auto& now = after[i];
    INFO(now.asin);
    if (now.last_update != old.last_update) {
      ++moved;
      CHECK(now.last_update > then);
      CHECK(now.last_update <= u.now());
      std::size_t old_points = 0, new_points = 0;
      for (int t = 0; t < keepa::csv_type_count; ++t) {
        old_points += old.csv[t].size() + old.shipped[t].size();
        new_points += now.csv[t].size() + now.shipped[t].size();
      }
      CHECK(new_points > old_points);
    } else {
      const keepa::product* x[] = {&old};
      const keepa::product* y[] = {&now};
      CHECK(synth::render_product_response(x, {}, everything) == synth::render_product_response(y, {}, everything));
    }
  }
  CHECK(moved == changed);
}

TEST_CASE("advance_to over a month sells copies and moves prices", "[synth][advance]") {
  auto u = make(50, 8, 400);
  std::size_t sales_before = 0;
  for (std::size_t i = 0; i < 50; ++i) sales_before += u.sales_of(i).size();
  const auto used_before = u.product(0).csv[keepa::used].size();
  CHECK(u.advance_to(u.now() + 30 * 24 * 60) == 50);
  std::size_t sales_after = 0;
  for (std::size_t i = 0; i < 50; ++i) sales_after += u.sales_of(i).size();
  CHECK(sales_after > sales_before);
  CHECK(u.product(0).csv[keepa::used].size() > used_before);
  CHECK(u.advance_to(u.now() - 10) == 0);  // the clock never runs back
}

TEST_CASE("impossible options are rejected with the field named", "[synth][options]") {
  synth::universe_options o;
  o.products = 1;
  o.history_days = -5;
  CHECK_THROWS_WITH(synth::universe{o}, Catch::Contains("history_days") && Catch::Contains("-5"));
  o.history_days = 365;
  o.now = 1000;  // 2011-01-01 00:16: no room for a year of history
  CHECK_THROWS_WITH(synth::universe{o}, Catch::Contains("now") && Catch::Contains("1000"));
  o.history_days = 0;
  o.now = 500 * 24 * 60;
  const synth::universe fresh{o};
  REQUIRE(fresh.size() == 1);
  CHECK(fresh.product(0).csv[keepa::sales_rank].size() == 1);  // just the first look
  CHECK(fresh.product(0).last_update == o.now);
}

TEST_CASE("sellers have unique Amazon-style ids and plausible ratings", "[synth][catalog]") {
  const auto u = make(1, 12, 10);
  std::set<std::string> ids;
  for (const auto& s : u.sellers()) {
    INFO(s.seller_id);
    CHECK(s.seller_id.size() >= 13);
    CHECK(s.seller_id.front() == 'A');
    CHECK(ids.insert(s.seller_id).second);
    CHECK(s.current_rating >= 0);
    CHECK(s.current_rating <= 100);
    CHECK(s.current_rating_count > 0);
    CHECK_FALSE(s.name.empty());
    CHECK(u.find_seller(s.seller_id) == &s);
  }
  CHECK(u.find_seller("ANOSUCHSELLER1") == nullptr);
  CHECK(make(1, 13, 10).sellers().front().seller_id != u.sellers().front().seller_id);
}
