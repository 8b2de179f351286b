// Offer drops confirmed by rank drops, then IQR outlier removal.
#include "analysis/inferred_sales.hpp"

#include <algorithm>
#include <optional>
#include <utility>

namespace analysis {
namespace {

// A product carries thousands of points per history; every pass below is one
// forward walk (cursors only move ahead because drops are visited in time order).

// The sales-rank drops (a positive rank below the positive rank before it),
// visited in time order without being collected first: the earliest drop at
// or after t, for non-decreasing t across calls.
class rank_drops {
public:
  explicit rank_drops(const std::vector<keepa::point>& rank) : h_(rank) {}
  std::optional<keepa::keepa_minute> first_at_or_after(keepa::keepa_minute t) {
    while (!pending_ || *pending_ < t) {
      pending_.reset();
      while (next_ < h_.size()) {
        const keepa::point& p = h_[next_++];
        if (p.value <= 0)
          continue;
        const bool dropped = previous_ > 0 && p.value < previous_;
        previous_ = p.value;
        if (dropped) {
          pending_ = p.t;
          break;
        }
      }
      if (!pending_)
        return std::nullopt;
    }
    return pending_;
  }

private:
  const std::vector<keepa::point>& h_;
  std::size_t next_ = 0;
  std::int32_t previous_ = -1;
  std::optional<keepa::keepa_minute> pending_;
};

// The decreases of an offer count within [from, to], in time order, one at a
// time (gaps of -1 are skipped, never compared).
class count_drops {
public:
  count_drops(const std::vector<keepa::point>& counts, keepa::keepa_minute from, keepa::keepa_minute to)
      : h_(counts), from_(from), to_(to) {
    advance();
  }
  bool done() const { return !current_; }
  keepa::keepa_minute t() const { return *current_; }
  void advance() {
    current_.reset();
    while (next_ < h_.size()) {
      const keepa::point& p = h_[next_++];
      if (p.value < 0)
        continue;
      const bool dropped = previous_ >= 0 && p.value < previous_ && p.t >= from_ && p.t <= to_;
      previous_ = p.value;
      if (dropped) {
        current_ = p.t;
        return;
      }
    }
  }

private:
  const std::vector<keepa::point>& h_;
  keepa::keepa_minute from_, to_;
  std::size_t next_ = 0;
  std::int32_t previous_ = -1;
  std::optional<keepa::keepa_minute> current_;
};

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

namespace {

// Both quartiles as quantile_in_place(v, 0.25) and (v, 0.75) give them, the
// second selected only among the values right of the first (every value left
// of it is no larger, so the selection finds the same one).
std::pair<double, double> quartiles_in_place(std::vector<cents>& v) {
  const auto select = [&v](double q, std::size_t first) {
    const double pos = q * static_cast<double>(v.size() - 1);
    const auto lo = static_cast<std::size_t>(pos);
    std::nth_element(v.begin() + static_cast<std::ptrdiff_t>(first), v.begin() + static_cast<std::ptrdiff_t>(lo),
                     v.end());
    const double low = static_cast<double>(v[lo]);
    if (lo + 1 >= v.size())
      return std::pair{low, lo};
    const double high =
        static_cast<double>(*std::min_element(v.begin() + static_cast<std::ptrdiff_t>(lo) + 1, v.end()));
    return std::pair{low + (pos - static_cast<double>(lo)) * (high - low), lo};
  };
  const auto [q1, lo1] = select(0.25, 0);
  const auto [q3, lo3] = select(0.75, lo1);
  (void)lo3;
  return {q1, q3};
}

} // namespace

inferred_sales infer_sales(const keepa::product& p, const settings& s, keepa::keepa_minute now) {
  inferred_sales result;
  const keepa::keepa_minute from = now - s.inferred_sales_window_days * 24 * 60;
  // Used and new drops merged by time (used first at the same minute), as
  // they come: no list of drops is built.
  count_drops used_drops(p.csv[keepa::count_used], from, now), new_drops(p.csv[keepa::count_new], from, now);
  rank_drops rank(p.csv[keepa::sales_rank]);
  const keepa::keepa_minute window = s.sale_confirmation_hours * 60;
  value_cursor used_price(p.csv[keepa::used]), new_price(p.csv[keepa::new_price]);
  std::vector<sale> confirmed;
  std::vector<cents> prices;
  while (!used_drops.done() || !new_drops.done()) {
    const bool used = new_drops.done() || (!used_drops.done() && used_drops.t() <= new_drops.t());
    count_drops& source = used ? used_drops : new_drops;
    const keepa::keepa_minute t = source.t();
    source.advance();
    ++result.offer_drops;
    // Advance both price cursors so each stays monotonic.
    const std::int32_t used_then = used_price.at(t), new_then = new_price.at(t);
    const auto confirming = rank.first_at_or_after(t);
    if (!confirming || *confirming > t + window)
      continue;
    const std::int32_t price = used ? used_then : new_then;
    if (price <= 0)
      continue;
    confirmed.push_back({t, price, used});
    prices.push_back(price);
  }
  if (confirmed.empty())
    return result;

  const auto [q1, q3] = quartiles_in_place(prices);
  const double lo = q1 - 1.5 * (q3 - q1), hi = q3 + 1.5 * (q3 - q1);
  result.sales.reserve(confirmed.size());
  for (const auto& c : confirmed)
    if (static_cast<double>(c.price_cents) >= lo && static_cast<double>(c.price_cents) <= hi)
      result.sales.push_back(c);
  return result;
}

} // namespace analysis
