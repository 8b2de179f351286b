// Offer drops confirmed by rank drops, then IQR outlier removal.
#include "analysis/inferred_sales.hpp"

#include <algorithm>

namespace analysis {
namespace {

// A product carries thousands of points per history; every pass below is one
// forward walk (cursors only move ahead because drops are visited in time order).

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

std::vector<drop> collect_drops(const std::vector<keepa::point>& counts, bool used, keepa::keepa_minute from,
                                keepa::keepa_minute to) {
  std::vector<drop> out;
  std::int32_t previous = -1;
  for (const auto& p : counts) {
    if (p.value < 0)
      continue;
    if (previous >= 0 && p.value < previous && p.t >= from && p.t <= to)
      out.push_back({p.t, used});
    previous = p.value;
  }
  return out;
}

// The value in force at t (the last point at or before it; on equal
// timestamps the later point, which is how Keepa overwrites a value), for
// non-decreasing t across calls.
class value_cursor {
public:
  explicit value_cursor(const std::vector<keepa::point>& history) : h_(history) {}
  std::int32_t at(keepa::keepa_minute t) {
    while (next_ < h_.size() && h_[next_].t <= t)
      ++next_;
    return next_ == 0 ? keepa::no_value : h_[next_ - 1].value;
  }

private:
  const std::vector<keepa::point>& h_;
  std::size_t next_ = 0;
};

} // namespace

double quantile_in_place(std::vector<cents>& v, double q) {
  if (v.empty())
    return 0;
  const double pos = q * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(pos);
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(lo), v.end());
  const double low = static_cast<double>(v[lo]);
  if (lo + 1 >= v.size())
    return low;
  const double high = static_cast<double>(*std::min_element(v.begin() + static_cast<std::ptrdiff_t>(lo) + 1, v.end()));
  return low + (pos - static_cast<double>(lo)) * (high - low);
}

inferred_sales infer_sales(const keepa::product& p, const settings& s, keepa::keepa_minute now) {
  inferred_sales result;
  const keepa::keepa_minute from = now - s.inferred_sales_window_days * 24 * 60;
  const auto used_drops = collect_drops(p.csv[keepa::count_used], true, from, now);
  const auto new_drops = collect_drops(p.csv[keepa::count_new], false, from, now);
  result.offer_drops = static_cast<int>(used_drops.size() + new_drops.size());
  if (result.offer_drops == 0)
    return result;
  std::vector<drop> drops(used_drops.size() + new_drops.size());
  std::merge(used_drops.begin(), used_drops.end(), new_drops.begin(), new_drops.end(), drops.begin(),
             [](const drop& a, const drop& b) { return a.t < b.t; });

  const auto rank_drops = rank_drop_times(p.csv[keepa::sales_rank]);
  const keepa::keepa_minute window = s.sale_confirmation_hours * 60;
  value_cursor used_price(p.csv[keepa::used]), new_price(p.csv[keepa::new_price]);
  std::size_t next_rank_drop = 0;  // first rank drop at or after the current offer drop
  std::vector<sale> confirmed;
  for (const auto& d : drops) {
    while (next_rank_drop < rank_drops.size() && rank_drops[next_rank_drop] < d.t)
      ++next_rank_drop;
    // Advance both price cursors so each stays monotonic.
    const std::int32_t used_then = used_price.at(d.t), new_then = new_price.at(d.t);
    if (next_rank_drop == rank_drops.size() || rank_drops[next_rank_drop] > d.t + window)
      continue;
    const std::int32_t price = d.used ? used_then : new_then;
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
  const double q1 = quantile_in_place(prices, 0.25), q3 = quantile_in_place(prices, 0.75);
  const double lo = q1 - 1.5 * (q3 - q1), hi = q3 + 1.5 * (q3 - q1);
  result.sales.reserve(confirmed.size());
  for (const auto& c : confirmed)
    if (static_cast<double>(c.price_cents) >= lo && static_cast<double>(c.price_cents) <= hi)
      result.sales.push_back(c);
  return result;
}

} // namespace analysis
