// The simulated market behaves as the analysis expects real books to: seasons,
// sales seen as an offer-count drop with a rank drop, offers matching counts.
#include "synth_test_support.hpp"

#include "synth/history_stats.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using synth_test::make;

namespace {

double median(std::vector<double> v) {
  REQUIRE_FALSE(v.empty());
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// Index of the point at exactly `t`, or npos.
std::size_t point_at(const std::vector<keepa::point>& series, keepa::keepa_minute t) {
  const auto it = std::lower_bound(series.begin(), series.end(), t,
                                   [](const keepa::point& p, keepa::keepa_minute w) { return p.t < w; });
  return it != series.end() && it->t == t ? static_cast<std::size_t>(it - series.begin()) : std::string::npos;
}

} // namespace

TEST_CASE("textbook used prices are higher in Aug-Sep than in Apr-May", "[synth][seasons]") {
  const auto u = make(400, 21);
  std::vector<double> peak, off;
  std::size_t textbooks = 0;
  for (std::size_t i = 0; i < u.size(); ++i) {
    if (u.kind_of(i) != synth::book_kind::textbook) continue;
    ++textbooks;
    const auto p = u.product(i);
    // Each book's price relative to its own yearly mean, sampled daily, so
    // cheap and dear books weigh alike.
    const auto& used = p.csv[keepa::used];
    const auto year_avg = synth::time_weighted_avg(used, u.now() - 730 * 1440, u.now());
    if (year_avg <= 0) continue;
    for (keepa::keepa_minute t = p.tracking_since; t < u.now(); t += 1440) {
      const auto v = synth::value_at(used, t);
      if (v <= 0) continue;
      const int month = synth::month_of(t);
      if (month == 8 || month == 9) peak.push_back(static_cast<double>(v) / year_avg);
      if (month == 4 || month == 5) off.push_back(static_cast<double>(v) / year_avg);
    }
  }
  REQUIRE(textbooks > 60);
  INFO("median Aug-Sep " << median(peak) << ", Apr-May " << median(off));
  CHECK(median(peak) > 1.10 * median(off));
}

TEST_CASE("catalog has textbook publishers and seasonal titles for the keyword rules", "[synth][catalog]") {
  const auto u = make(500, 4, 10);
  const auto all = u.all_products();
  auto count = [&](auto pred) { return std::count_if(all.begin(), all.end(), pred); };
  CHECK(count([](const keepa::product& p) { return p.manufacturer == "Pearson" || p.manufacturer == "Cengage Learning" ||
                                                   p.manufacturer == "McGraw-Hill Education"; }) > 20);
  CHECK(count([](const keepa::product& p) { return p.title.find("Christmas") != std::string::npos; }) > 3);
  CHECK(count([](const keepa::product& p) { return p.title.find("Garden") != std::string::npos; }) > 3);
  CHECK(count([](const keepa::product& p) { return p.title.find("Tax") != std::string::npos; }) > 3);
  CHECK(count([](const keepa::product& p) { return p.title.find("Travel") != std::string::npos ||
                                                   p.title.find("Lonely Planet") != std::string::npos; }) > 3);
  CHECK(count([](const keepa::product& p) { return !p.csv[keepa::amazon].empty(); }) > 30);
}

TEST_CASE("every sale drops the offer count and, within 90 minutes, the sales rank", "[synth][sales]") {
  const auto u = make(150, 33);
  std::size_t checked = 0, count_drops = 0, sales = 0;
  for (std::size_t i = 0; i < u.size(); ++i) {
    const auto p = u.product(i);
    const auto& rank = p.csv[keepa::sales_rank];
    INFO(p.asin);
    for (const auto& sale : u.sales_of(i)) {
      ++sales;
      if (sale.rank_drop == 0) {  // the rank has not caught up yet: only in the last 90 minutes
        CHECK(sale.count_drop > u.now() - 91);
        continue;
      }
      const auto r = point_at(rank, sale.rank_drop);
      REQUIRE(r != std::string::npos);
      REQUIRE(r > 0);
      CHECK(rank[r].value < rank[r - 1].value);
      if (sale.count_type == keepa::amazon) continue;
      const auto& counts = p.csv[sale.count_type];
      const auto c = point_at(counts, sale.count_drop);
      REQUIRE(c != std::string::npos);
      REQUIRE(c > 0);
      CHECK(counts[c].value == counts[c - 1].value - 1);
      CHECK(sale.rank_drop >= sale.count_drop);
      CHECK(sale.rank_drop - sale.count_drop <= 91);
      // The analysis reads the price in force at the drop: the sold copy's, or lower.
      if (sale.count_type == keepa::count_used) CHECK(synth::value_at(p.csv[keepa::used], sale.count_drop) <= sale.price);
      ++checked;
    }
    const auto& used = p.csv[keepa::count_used];
    for (std::size_t k = 1; k < used.size(); ++k) count_drops += used[k].value < used[k - 1].value;
  }
  CHECK(checked > 1000);
  // Sellers also delist, so offer drops outnumber used sales: not every drop is a sale.
  CHECK(count_drops > 0);
  INFO("sales " << sales << ", used-count drops " << count_drops);
  CHECK(sales > 0);
}

TEST_CASE("offers match the current offer counts and lowest prices", "[synth][offers]") {
  const auto u = make(80, 5, 200);
  for (const auto& p : u.all_products()) {
    INFO(p.asin);
    std::int32_t used = 0, fresh = 0, lowest_used = -1;
    for (const auto& o : p.offers) {
      REQUIRE_FALSE(o.history.empty());
      if (o.is_amazon) continue;
      if (o.condition == 1) ++fresh;
      else {
        ++used;
        const auto price = o.history.back().price;
        if (lowest_used < 0 || price < lowest_used) lowest_used = price;
      }
      REQUIRE(u.find_seller(o.seller_id) != nullptr);
    }
    const auto& st = *p.stats;
    CHECK(st.current[keepa::count_used] == used);
    CHECK(st.current[keepa::count_new] == fresh);
    CHECK(st.total_offer_count == static_cast<std::int32_t>(p.offers.size()));
    CHECK(st.current[keepa::used] == lowest_used);
  }
}

TEST_CASE("ranks drift up between sales", "[synth][sales]") {
  const auto u = make(40, 17);
  std::size_t rises = 0, falls = 0;
  for (const auto& p : u.all_products()) {
    const auto& rank = p.csv[keepa::sales_rank];
    for (std::size_t k = 1; k < rank.size(); ++k) (rank[k].value > rank[k - 1].value ? rises : falls) += 1;
  }
  CHECK(rises > falls);
  CHECK(falls > 100);
}
