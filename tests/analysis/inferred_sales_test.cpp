// Inferred sales: offer drops confirmed by rank drops, on hand-built histories.
#include "analysis/inferred_sales.hpp"
#include "product_builder.hpp"

#include <catch2/catch.hpp>

#include <functional>
#include <random>

using namespace testkit;
using analysis::sale;

namespace {

struct sales_case {
  const char* name;
  std::function<void(keepa::product&)> build;
  std::vector<sale> sales;  // expected, oldest first
  int offer_drops;
};

const keepa::keepa_minute jan10 = at(2026, 1, 10);

} // namespace

TEST_CASE("inferred sales: offer drops confirmed by a rank drop within 240 h", "[inferred_sales]") {
  const std::vector<sales_case> cases{
      // Counts only rise: nothing fell, so no drop and no sale.
      {"no sales",
       [](keepa::product& p) {
         add(p, keepa::count_used, at(2026, 1, 1), 5);
         add(p, keepa::count_used, at(2026, 2, 1), 6);
         add(p, keepa::sales_rank, at(2026, 1, 1), 90000);
         add(p, keepa::sales_rank, at(2026, 2, 2), 40000);
       },
       {}, 0},
      // Used count 5 -> 4 on Jan 10, rank 50000 -> 20000 24 h later (inside
      // 240 h), used price 15.00 since Dec 1: one sale at Jan 10 for 1500.
      {"one sale",
       [](keepa::product& p) {
         add(p, keepa::used, at(2025, 12, 1), 1500);
         add(p, keepa::count_used, at(2026, 1, 1), 5);
         add(p, keepa::count_used, jan10, 4);
         add(p, keepa::sales_rank, at(2026, 1, 1), 50000);
         add(p, keepa::sales_rank, jan10 + hours(24), 20000);
       },
       {{jan10, 1500, true}}, 1},
      // The rank falls twice but no offer count moves: no drop, no sale.
      {"rank without offer drops",
       [](keepa::product& p) {
         add(p, keepa::used, at(2025, 12, 1), 1500);
         add(p, keepa::count_used, at(2026, 1, 1), 5);
         add(p, keepa::sales_rank, at(2026, 1, 1), 50000);
         add(p, keepa::sales_rank, at(2026, 1, 5), 20000);
         add(p, keepa::sales_rank, at(2026, 1, 9), 10000);
       },
       {}, 0},
      // The rank drop comes 241 h after the offer drop: one drop, unconfirmed.
      {"rank drop just after the window",
       [](keepa::product& p) {
         add(p, keepa::used, at(2025, 12, 1), 1500);
         add(p, keepa::count_used, at(2026, 1, 1), 5);
         add(p, keepa::count_used, jan10, 4);
         add(p, keepa::sales_rank, at(2026, 1, 1), 50000);
         add(p, keepa::sales_rank, jan10 + hours(241), 20000);
       },
       {}, 1},
      // Exactly 240 h later is still inside the window.
      {"rank drop at the window's end",
       [](keepa::product& p) {
         add(p, keepa::used, at(2025, 12, 1), 1500);
         add(p, keepa::count_used, at(2026, 1, 1), 5);
         add(p, keepa::count_used, jan10, 4);
         add(p, keepa::sales_rank, at(2026, 1, 1), 50000);
         add(p, keepa::sales_rank, jan10 + hours(240), 20000);
       },
       {{jan10, 1500, true}}, 1},
      // A rank drop before the offer drop does not confirm it.
      {"rank drop before the offer drop",
       [](keepa::product& p) {
         add(p, keepa::used, at(2025, 12, 1), 1500);
         add(p, keepa::count_used, at(2026, 1, 1), 5);
         add(p, keepa::count_used, jan10, 4);
         add(p, keepa::sales_rank, at(2026, 1, 1), 50000);
         add(p, keepa::sales_rank, jan10 - 1, 20000);
       },
       {}, 1},
      // Count and rank change in the same crawl minute: confirmed. Two count
      // points at one minute (5 -> 4 -> 3 at jan10) are two decreases.
      {"equal timestamps",
       [](keepa::product& p) {
         add(p, keepa::used, at(2025, 12, 1), 1500);
         add(p, keepa::count_used, at(2026, 1, 1), 5);
         add(p, keepa::count_used, jan10, 4);
         add(p, keepa::count_used, jan10, 3);
         add(p, keepa::sales_rank, at(2026, 1, 1), 50000);
         add(p, keepa::sales_rank, jan10, 20000);
       },
       {{jan10, 1500, true}, {jan10, 1500, true}}, 2},
      // Used price -1 (no used offer) at the drop: the drop counts, the sale
      // has no price and is dropped. Count -1 is a gap: 5, -1, 4 is one drop
      // (5 -> 4), never -1 -> 4 as a rise or 5 -> -1 as a fall. Rank -1 is a
      // gap too: 50000, -1, 20000 is a drop.
      {"prices of -1",
       [](keepa::product& p) {
         add(p, keepa::used, at(2025, 12, 1), 1500);
         add(p, keepa::used, at(2026, 1, 5), -1);
         add(p, keepa::count_used, at(2026, 1, 1), 5);
         add(p, keepa::count_used, at(2026, 1, 3), -1);
         add(p, keepa::count_used, jan10, 4);
         add(p, keepa::sales_rank, at(2026, 1, 1), 50000);
         add(p, keepa::sales_rank, at(2026, 1, 2), -1);
         add(p, keepa::sales_rank, jan10 + hours(1), 20000);
       },
       {}, 1},
      // Same as "prices of -1" but the used price is back to 12.00 by the
      // drop: the gaps do not hide the sale.
      {"gaps in count and rank",
       [](keepa::product& p) {
         add(p, keepa::used, at(2025, 12, 1), 1500);
         add(p, keepa::used, at(2026, 1, 5), -1);
         add(p, keepa::used, at(2026, 1, 8), 1200);
         add(p, keepa::count_used, at(2026, 1, 1), 5);
         add(p, keepa::count_used, at(2026, 1, 3), -1);
         add(p, keepa::count_used, jan10, 4);
         add(p, keepa::sales_rank, at(2026, 1, 1), 50000);
         add(p, keepa::sales_rank, at(2026, 1, 2), -1);
         add(p, keepa::sales_rank, jan10 + hours(1), 20000);
       },
       {{jan10, 1200, true}}, 1},
      // A new-offer drop sells at the NEW price (30.00), not the used one.
      {"new offer drop uses the new price",
       [](keepa::product& p) {
         add(p, keepa::used, at(2025, 12, 1), 1500);
         add(p, keepa::new_price, at(2025, 12, 1), 3000);
         add(p, keepa::count_new, at(2026, 1, 1), 3);
         add(p, keepa::count_new, jan10, 2);
         add(p, keepa::sales_rank, at(2026, 1, 1), 50000);
         add(p, keepa::sales_rank, jan10 + hours(2), 20000);
       },
       {{jan10, 3000, false}}, 1},
      // Now is 2026-06-30; 1095 days earlier is 2023-07-01. A sale on
      // 2023-06-01 is outside the window: neither drop nor sale.
      {"older than the window",
       [](keepa::product& p) { plant_used_sale(p, at(2023, 6, 1), 1500); }, {}, 0},
      // Five sales at 10.00, 10.00, 11.00, 12.00, 90.00. Sorted, Q1 is the
      // value at position 0.25 x 4 = 1 -> 1000, Q3 at position 3 -> 1200, IQR
      // 200, fences [700, 1500]: the 90.00 sale is an outlier. Five drops.
      {"outlier removed",
       [](keepa::product& p) {
         plant_used_sale(p, at(2026, 1, 1), 1000);
         plant_used_sale(p, at(2026, 2, 1), 1000);
         plant_used_sale(p, at(2026, 3, 1), 1100);
         plant_used_sale(p, at(2026, 4, 1), 9000);
         plant_used_sale(p, at(2026, 5, 1), 1200);
       },
       {{at(2026, 1, 1), 1000, true},
        {at(2026, 2, 1), 1000, true},
        {at(2026, 3, 1), 1100, true},
        {at(2026, 5, 1), 1200, true}},
       5},
      // Stats are not needed: the histories alone give the sale.
      {"missing stats arrays",
       [](keepa::product& p) {
         p.stats.reset();
         plant_used_sale(p, jan10, 2500);
       },
       {{jan10, 2500, true}}, 1},
  };

  for (const auto& c : cases) {
    SECTION(c.name) {
      keepa::product p;
      p.stats = no_data_stats();
      c.build(p);
      sort_histories(p);
      const auto found = analysis::infer_sales(p, analysis::settings{}, now_minute());
      CHECK(found.offer_drops == c.offer_drops);
      CHECK(found.sales == c.sales);
    }
  }
}

TEST_CASE("inferred sales honour a shorter confirmation window from settings", "[inferred_sales]") {
  keepa::product p;
  add(p, keepa::used, at(2025, 12, 1), 1500);
  add(p, keepa::count_used, at(2026, 1, 1), 5);
  add(p, keepa::count_used, jan10, 4);
  add(p, keepa::sales_rank, at(2026, 1, 1), 50000);
  add(p, keepa::sales_rank, jan10 + hours(100), 20000);
  analysis::settings s;
  CHECK(analysis::infer_sales(p, s, now_minute()).sales.size() == 1);
  s.sale_confirmation_hours = 72;  // the original's first version: 100 h is too late
  CHECK(analysis::infer_sales(p, s, now_minute()).sales.empty());
}

TEST_CASE("quantiles interpolate linearly like numpy", "[inferred_sales]") {
  // [10, 20, 30, 40]: position 0.25 x 3 = 0.75 -> 10 + 0.75 x 10 = 17.5;
  // 0.75 x 3 = 2.25 -> 30 + 0.25 x 10 = 32.5.
  std::vector<analysis::cents> v{40, 10, 30, 20};  // order does not matter
  CHECK(analysis::quantile_in_place(v, 0.25) == Approx(17.5));
  CHECK(analysis::quantile_in_place(v, 0.75) == Approx(32.5));
  CHECK(analysis::quantile_in_place(v, 1.0) == Approx(40));
  CHECK(analysis::quantile_in_place(v, 0.0) == Approx(10));
  std::vector<analysis::cents> one{7};
  CHECK(analysis::quantile_in_place(one, 0.25) == Approx(7));
  std::vector<analysis::cents> none;
  CHECK(analysis::quantile_in_place(none, 0.5) == 0);
}

namespace {

// The definition read literally, one drop at a time with full scans: slow but
// obviously right, to check the single-pass implementation against.
std::vector<sale> brute_force_sales(const keepa::product& p, const analysis::settings& s,
                                    keepa::keepa_minute now) {
  const keepa::keepa_minute from = now - s.inferred_sales_window_days * 24 * 60;
  struct drop {
    keepa::keepa_minute t;
    bool used;
  };
  std::vector<drop> drops;
  for (int type : {keepa::count_used, keepa::count_new}) {
    std::int32_t previous = -1;
    for (const auto& pt : p.csv[type]) {
      if (pt.value < 0)
        continue;
      if (previous >= 0 && pt.value < previous && pt.t >= from && pt.t <= now)
        drops.push_back({pt.t, type == keepa::count_used});
      previous = pt.value;
    }
  }
  std::stable_sort(drops.begin(), drops.end(), [](auto& a, auto& b) { return a.t < b.t; });
  std::vector<sale> confirmed;
  for (const auto& d : drops) {
    bool rank_fell = false;
    std::int32_t previous = -1;
    for (const auto& pt : p.csv[keepa::sales_rank]) {
      if (pt.value <= 0)
        continue;
      if (previous > 0 && pt.value < previous && pt.t >= d.t && pt.t <= d.t + s.sale_confirmation_hours * 60)
        rank_fell = true;
      previous = pt.value;
    }
    std::int32_t price = -1;
    for (const auto& pt : p.csv[d.used ? keepa::used : keepa::new_price])
      if (pt.t <= d.t)
        price = pt.value;
    if (rank_fell && price > 0)
      confirmed.push_back({d.t, price, d.used});
  }
  std::vector<analysis::cents> sorted;
  for (const auto& c : confirmed)
    sorted.push_back(c.price_cents);
  std::sort(sorted.begin(), sorted.end());
  auto q = [&](double f) {
    const double pos = f * (sorted.size() - 1);
    const auto lo = static_cast<std::size_t>(pos);
    const auto hi = std::min(lo + 1, sorted.size() - 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  };
  std::vector<sale> out;
  if (confirmed.empty())
    return out;
  const double q1 = q(0.25), q3 = q(0.75);
  for (const auto& c : confirmed)
    if (c.price_cents >= q1 - 1.5 * (q3 - q1) && c.price_cents <= q3 + 1.5 * (q3 - q1))
      out.push_back(c);
  return out;
}

} // namespace

TEST_CASE("inferred sales match a brute-force reading of the rule on random histories",
          "[inferred_sales]") {
  // Random walks over four years with gaps (-1), repeated minutes and a few
  // wild prices, so windows, gaps, ties and outliers all occur.
  std::mt19937 random(20261129);
  const analysis::settings s;
  const auto now = now_minute();
  int total_sales = 0;
  for (int product = 0; product < 60; ++product) {
    keepa::product p;
    for (int type : {keepa::used, keepa::new_price, keepa::sales_rank, keepa::count_used, keepa::count_new}) {
      keepa::keepa_minute t = now - days(4 * 365);
      std::int32_t v = type == keepa::sales_rank ? 200000 : type >= keepa::count_new ? 5 : 2000;
      while (t < now) {
        t += static_cast<keepa::keepa_minute>(random() % (product % 2 ? 3000 : 30000));  // 0 = same minute
        const auto roll = random() % 100;
        if (roll < 5) {
          add(p, type, t, -1);
          continue;
        }
        if (type == keepa::sales_rank)
          v = std::max<std::int32_t>(1, v + static_cast<std::int32_t>(random() % 40001) - 20000);
        else if (type >= keepa::count_new)
          v = std::max<std::int32_t>(0, v + static_cast<std::int32_t>(random() % 3) - 1);
        else
          v = roll < 8 ? 20000 : std::max<std::int32_t>(100, v + static_cast<std::int32_t>(random() % 401) - 200);
        add(p, type, t, v);
      }
    }
    const auto expected = brute_force_sales(p, s, now);
    const auto found = analysis::infer_sales(p, s, now);
    INFO("product " << product);
    REQUIRE(found.sales == expected);
    total_sales += static_cast<int>(expected.size());
  }
  CHECK(total_sales > 1000);  // the histories did exercise the rule
}
