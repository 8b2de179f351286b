// Offer drops confirmed by rank drops, then IQR outlier removal.
#include "analysis/inferred_sales.hpp"

#include <algorithm>

namespace analysis {
namespace {

// The value in force at `t`: the last point at or before t. Equal timestamps
// resolve to the later point, which is how Keepa overwrites a value.
std::int32_t value_at(const std::vector<keepa::point>& history, keepa::keepa_minute t) {
  auto it = std::upper_bound(history.begin(), history.end(), t,
                             [](keepa::keepa_minute x, const keepa::point& p) { return x < p.t; });
  if (it == history.begin())
    return keepa::no_value;
  return std::prev(it)->value;
}

std::vector<keepa::keepa_minute> rank_drop_times(const std::vector<keepa::point>& rank) {
  std::vector<keepa::keepa_minute> out;
  std::int32_t previous = -1;
  for (const auto& p : rank) {
    if (p.value <= 0)
      continue;
    if (previous > 0 && p.value < previous)
      out.push_back(p.t);
    previous = p.value;
  }
  return out;  // times come from a history in time order, so sorted
}

struct drop {
  keepa::keepa_minute t;
  bool used;
};

void collect_drops(const std::vector<keepa::point>& counts, bool used, keepa::keepa_minute from,
                   keepa::keepa_minute to, std::vector<drop>& out) {
  std::int32_t previous = -1;
  for (const auto& p : counts) {
    if (p.value < 0)
      continue;
    if (previous >= 0 && p.value < previous && p.t >= from && p.t <= to)
      out.push_back({p.t, used});
    previous = p.value;
  }
}

} // namespace

double quantile_sorted(const std::vector<cents>& sorted, double q) {
  if (sorted.empty())
    return 0;
  double pos = q * static_cast<double>(sorted.size() - 1);
  auto lo = static_cast<std::size_t>(pos);
  std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  double frac = pos - static_cast<double>(lo);
  return static_cast<double>(sorted[lo]) + frac * static_cast<double>(sorted[hi] - sorted[lo]);
}

inferred_sales infer_sales(const keepa::product& p, const settings& s, keepa::keepa_minute now) {
  inferred_sales result;
  const keepa::keepa_minute from = now - s.inferred_sales_window_days * 24 * 60;
  std::vector<drop> drops;
  collect_drops(p.csv[keepa::count_used], true, from, now, drops);
  collect_drops(p.csv[keepa::count_new], false, from, now, drops);
  result.offer_drops = static_cast<int>(drops.size());
  if (drops.empty())
    return result;
  std::stable_sort(drops.begin(), drops.end(), [](const drop& a, const drop& b) { return a.t < b.t; });

  const auto rank_drops = rank_drop_times(p.csv[keepa::sales_rank]);
  const keepa::keepa_minute window = s.sale_confirmation_hours * 60;
  std::vector<sale> confirmed;
  for (const auto& d : drops) {
    auto it = std::lower_bound(rank_drops.begin(), rank_drops.end(), d.t);
    if (it == rank_drops.end() || *it > d.t + window)
      continue;
    std::int32_t price = value_at(p.csv[d.used ? keepa::used : keepa::new_price], d.t);
    if (price <= 0)
      continue;
    confirmed.push_back({d.t, price, d.used});
  }
  if (confirmed.empty())
    return result;

  std::vector<cents> prices;
  prices.reserve(confirmed.size());
  for (const auto& c : confirmed)
    prices.push_back(c.price_cents);
  std::sort(prices.begin(), prices.end());
  double q1 = quantile_sorted(prices, 0.25), q3 = quantile_sorted(prices, 0.75);
  double lo = q1 - 1.5 * (q3 - q1), hi = q3 + 1.5 * (q3 - q1);
  for (const auto& c : confirmed)
    if (static_cast<double>(c.price_cents) >= lo && static_cast<double>(c.price_cents) <= hi)
      result.sales.push_back(c);
  return result;
}

} // namespace analysis
