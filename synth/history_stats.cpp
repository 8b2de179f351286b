// Stats and averages from histories; see history_stats.hpp for the definitions.
#include "synth/history_stats.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace synth {
namespace {

// Index of the first point with t > when.
template <typename Point>
std::size_t upper(std::span<const Point> series, keepa::keepa_minute when) {
  return static_cast<std::size_t>(
      std::upper_bound(series.begin(), series.end(), when,
                       [](keepa::keepa_minute w, const Point& p) { return w < p.t; }) -
      series.begin());
}

std::vector<keepa::point> landed_series(std::span<const keepa::shipped_point> shipped) {
  std::vector<keepa::point> out;
  out.reserve(shipped.size());
  for (const auto& s : shipped)
    out.push_back({s.t, s.price < 0 ? -1 : s.price + std::max(0, s.shipping)});
  return out;
}

void fill_type(keepa::product_stats& st, int type, std::span<const keepa::point> series,
               keepa::keepa_minute now) {
  if (series.empty()) {
    st.current[type] = st.avg[type] = st.avg30[type] = st.avg90[type] = st.avg180[type] =
        st.avg365[type] = st.at_interval_start[type] = keepa::no_value;
    return;
  }
  st.current[type] = value_at(series, now);
  st.avg30[type] = time_weighted_avg(series, now - 30 * minutes_per_day, now);
  st.avg90[type] = time_weighted_avg(series, now - 90 * minutes_per_day, now);
  st.avg180[type] = time_weighted_avg(series, now - 180 * minutes_per_day, now);
  st.avg365[type] = time_weighted_avg(series, now - 365 * minutes_per_day, now);
  st.avg[type] = st.avg180[type];
  st.at_interval_start[type] = value_at(series, now - stats_interval_days * minutes_per_day);
  std::optional<keepa::dated_value> lo, hi;
  for (const auto& p : series) {
    if (p.t > now) break;
    if (p.value < 0) continue;
    if (!lo || p.value < lo->value) lo = keepa::dated_value{p.t, p.value};
    if (!hi || p.value > hi->value) hi = keepa::dated_value{p.t, p.value};
  }
  st.min[type] = lo;
  st.max[type] = hi;
}

} // namespace

std::int32_t value_at(std::span<const keepa::point> series, keepa::keepa_minute t) {
  const auto i = upper(series, t);
  return i == 0 ? keepa::no_value : series[i - 1].value;
}

std::int32_t landed_at(std::span<const keepa::shipped_point> series, keepa::keepa_minute t) {
  const auto i = upper(series, t);
  if (i == 0 || series[i - 1].price < 0) return keepa::no_value;
  return series[i - 1].price + std::max(0, series[i - 1].shipping);
}

std::int32_t time_weighted_avg(std::span<const keepa::point> series, keepa::keepa_minute from,
                               keepa::keepa_minute to) {
  if (to <= from) return keepa::no_value;
  std::size_t i = upper(series, from);
  std::int32_t value = i == 0 ? keepa::no_value : series[i - 1].value;
  keepa::keepa_minute since = from;
  double weighted = 0;
  double counted = 0;
  auto add = [&](keepa::keepa_minute until) {
    if (value >= 0 && until > since) {
      weighted += static_cast<double>(value) * (until - since);
      counted += until - since;
    }
  };
  for (; i < series.size() && series[i].t < to; ++i) {
    add(series[i].t);
    since = series[i].t;
    value = series[i].value;
  }
  add(to);
  if (counted <= 0) return keepa::no_value;
  return static_cast<std::int32_t>(std::llround(weighted / counted));
}

std::int32_t rank_drops(std::span<const keepa::point> rank, keepa::keepa_minute from,
                        keepa::keepa_minute to) {
  std::int32_t drops = 0;
  for (std::size_t i = std::max<std::size_t>(1, upper(rank, from)); i < rank.size() && rank[i].t <= to; ++i)
    if (rank[i].value >= 0 && rank[i - 1].value >= 0 && rank[i].value < rank[i - 1].value) ++drops;
  return drops;
}

keepa::product_stats history_stats(const keepa::product& p, keepa::keepa_minute now) {
  keepa::product_stats st;
  for (int type = 0; type < keepa::csv_type_count; ++type) {
    if (keepa::is_shipping_type(type)) {
      const auto landed = landed_series(p.shipped[type]);
      fill_type(st, type, landed, now);
    } else {
      fill_type(st, type, p.csv[type], now);
    }
  }
  const auto& rank = p.csv[keepa::sales_rank];
  if (!rank.empty()) {
    st.sales_rank_drops30 = rank_drops(rank, now - 30 * minutes_per_day, now);
    st.sales_rank_drops90 = rank_drops(rank, now - 90 * minutes_per_day, now);
    st.sales_rank_drops180 = rank_drops(rank, now - 180 * minutes_per_day, now);
    st.sales_rank_drops365 = rank_drops(rank, now - 365 * minutes_per_day, now);
  }
  return st;
}

} // namespace synth
