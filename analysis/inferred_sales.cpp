// Offer drops confirmed by rank drops, then IQR outlier removal.
#include "analysis/inferred_sales.hpp"

#include "analysis/selection.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <span>
#include <utility>

namespace analysis {
namespace {

// A product carries thousands of points per history. The walks below are
// written without data-dependent branches (a drop is written out every time
// and kept by advancing the output by 0 or 1): whether a point is a drop is
// close to a coin toss, so a branch on it is mispredicted about every other
// point. Histories are in time order, as Keepa sends them.

// Drops found by the search below are at most a few entries apart, so it
// looks `step` entries ahead per round and counts how many are passed (the
// entries are sorted, so the passed ones are a prefix): one well-predicted
// branch per round instead of one mispredicted exit per search.
constexpr unsigned step = 4;  // the two searches below spell out their four comparisons

// The times of the sales-rank drops (a positive rank below the positive rank
// before it), oldest first, ending with `step` sentinels later than any
// minute so a search for the next drop needs no bounds check.
std::vector<keepa::keepa_minute> rank_drop_times(const std::vector<keepa::point>& rank) {
  std::vector<keepa::keepa_minute> out(rank.size() + step);
  std::size_t n = 0;
  std::int32_t previous = -1;  // the last positive rank; -1 before the first
  for (const keepa::point& p : rank) {
    const bool positive = p.value > 0;
    out[n] = p.t;
    n += positive & (p.value < previous);  // previous is -1 or positive: no drop before the first rank
    previous = positive ? p.value : previous;
  }
  for (unsigned i = 0; i < step; ++i)
    out[n++] = std::numeric_limits<keepa::keepa_minute>::max();
  out.resize(n);
  return out;
}

// The first index at or after `i` whose rank drop is at or after t (the
// sentinels stop it).
static_assert(step == 4);
std::size_t next_rank_drop(const std::vector<keepa::keepa_minute>& drops, std::size_t i, keepa::keepa_minute t) {
  for (;;) {
    const unsigned passed = unsigned{drops[i] < t} + unsigned{drops[i + 1] < t} + unsigned{drops[i + 2] < t} +
                            unsigned{drops[i + 3] < t};
    i += passed;
    if (passed < step)
      return i;
  }
}

// The first index at or after `i` whose point is later than t, so the point
// before it is the one in force at t (on equal timestamps the later point,
// which is how Keepa overwrites a value).
inline std::size_t next_point_after(const std::vector<keepa::point>& h, std::size_t i, keepa::keepa_minute t) {
  while (i + step <= h.size()) {
    const unsigned passed = unsigned{h[i].t <= t} + unsigned{h[i + 1].t <= t} + unsigned{h[i + 2].t <= t} +
                            unsigned{h[i + 3].t <= t};
    i += passed;
    if (passed < step)
      return i;
  }
  while (i < h.size() && h[i].t <= t)
    ++i;
  return i;
}

// The times of the decreases of an offer count within [from, to], oldest
// first (gaps of -1 are skipped, never compared; a point outside the window
// still is the one the next point compares with).
std::vector<keepa::keepa_minute> count_drop_times(const std::vector<keepa::point>& counts, keepa::keepa_minute from,
                                                  keepa::keepa_minute to) {
  std::vector<keepa::keepa_minute> out(counts.size());
  std::size_t n = 0;
  std::int32_t previous = -1;  // the last count >= 0; -1 before the first
  for (const keepa::point& p : counts) {
    const bool known = p.value >= 0;
    out[n] = p.t;
    n += known & (p.value < previous) & (p.t >= from) & (p.t <= to);
    previous = known ? p.value : previous;
  }
  out.resize(n);
  return out;
}

// The drops of one offer count that a rank drop confirms (at the drop's
// minute or within `window` after it) and whose price then (the last point
// of `prices` at or before the drop) is positive. Drops and rank drops
// are both in time order, so both searches are cursors that only move ahead.
std::vector<sale> confirmed_sales(const std::vector<keepa::keepa_minute>& drops,
                                  const std::vector<keepa::keepa_minute>& rank_drops,
                                  const std::vector<keepa::point>& prices, keepa::keepa_minute window, bool used) {
  std::vector<sale> out(drops.size());
  std::size_t n = 0, next_rank = 0, next_price = 0;
  for (const keepa::keepa_minute t : drops) {
    next_rank = next_rank_drop(rank_drops, next_rank, t);
    next_price = next_point_after(prices, next_price, t);
    const std::int32_t price = next_price == 0 ? keepa::no_value : prices[next_price - 1].value;
    out[n] = {t, price, used};
    n += (rank_drops[next_rank] <= t + window) & (price > 0);
  }
  out.resize(n);
  return out;
}

// The used and new sales whose price is within [lo, hi], merged by time,
// used first at the same minute (the order the offer drops happened in).
// Which list goes next and whether a sale is kept are selects, not branches.
std::vector<sale> merge_within(const std::vector<sale>& used, const std::vector<sale>& fresh, double lo, double hi) {
  std::vector<sale> out(used.size() + fresh.size());
  std::size_t n = 0, u = 0, f = 0;
  const auto put = [&](const sale& s) {
    out[n] = s;
    n += (static_cast<double>(s.price_cents) >= lo) & (static_cast<double>(s.price_cents) <= hi);
  };
  while (u < used.size() && f < fresh.size()) {
    const bool take_used = used[u].t <= fresh[f].t;
    put(take_used ? used[u] : fresh[f]);
    u += take_used;
    f += !take_used;
  }
  for (; u < used.size(); ++u)
    put(used[u]);
  for (; f < fresh.size(); ++f)
    put(fresh[f]);
  out.resize(n);
  return out;
}

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

namespace {

// Both quartiles as quantile_in_place(v, 0.25) and (v, 0.75) give them: the
// four order statistics they interpolate between, found in one selection.
std::pair<double, double> quartiles(std::span<const cents> v) {
  const std::size_t n = v.size();
  const double pos1 = 0.25 * static_cast<double>(n - 1), pos3 = 0.75 * static_cast<double>(n - 1);
  const auto lo1 = static_cast<std::size_t>(pos1), lo3 = static_cast<std::size_t>(pos3);
  // The rank after each (where there is one; else the rank itself again).
  const std::array<std::size_t, 4> ranks{lo1, std::min(lo1 + 1, n - 1), lo3, std::min(lo3 + 1, n - 1)};
  std::array<cents, 4> at{};
  select_ranks(v, ranks, at);
  const auto interpolate = [](double pos, std::size_t lo, cents low_value, cents high_value) {
    const double low = static_cast<double>(low_value), high = static_cast<double>(high_value);
    return low + (pos - static_cast<double>(lo)) * (high - low);
  };
  return {interpolate(pos1, lo1, at[0], at[1]), interpolate(pos3, lo3, at[2], at[3])};
}

} // namespace

inferred_sales infer_sales(const keepa::product& p, const settings& s, keepa::keepa_minute now) {
  inferred_sales result;
  const keepa::keepa_minute from = now - s.inferred_sales_window_days * 24 * 60;
  const keepa::keepa_minute window = s.sale_confirmation_hours * 60;
  const auto rank_drops = rank_drop_times(p.csv[keepa::sales_rank]);
  const auto used_drops = count_drop_times(p.csv[keepa::count_used], from, now);
  const auto new_drops = count_drop_times(p.csv[keepa::count_new], from, now);
  result.offer_drops = static_cast<int>(used_drops.size() + new_drops.size());
  const std::vector<sale> used = confirmed_sales(used_drops, rank_drops, p.csv[keepa::used], window, true);
  const std::vector<sale> fresh = confirmed_sales(new_drops, rank_drops, p.csv[keepa::new_price], window, false);
  if (used.empty() && fresh.empty())
    return result;

  // The quartiles do not depend on the order of the prices.
  std::vector<cents> prices;
  prices.reserve(used.size() + fresh.size());
  for (const auto* list : {&used, &fresh})
    for (const sale& c : *list)
      prices.push_back(c.price_cents);
  const auto [q1, q3] = quartiles(prices);
  result.sales = merge_within(used, fresh, q1 - 1.5 * (q3 - q1), q3 + 1.5 * (q3 - q1));
  return result;
}

} // namespace analysis
