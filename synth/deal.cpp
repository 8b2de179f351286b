// make_deal: a feed entry from product histories (conventions in deal.hpp).
#include "synth/deal.hpp"

#include "synth/catalog.hpp"
#include "synth/history_stats.hpp"
#include "synth/random.hpp"

#include <cmath>
#include <string_view>

namespace synth {
namespace {

// A stable, image-like file name per ASIN ("51Ab3xYz9QL.jpg").
std::string image_name(std::string_view asin) {
  static constexpr std::string_view alphabet =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  std::uint64_t h = 1469598103934665603ull;
  for (char c : asin) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  h = splitmix64(h);
  std::string name = "51";
  for (int i = 0; i < 8; ++i) {
    name += alphabet[h % alphabet.size()];
    h /= alphabet.size();
  }
  name += "L.jpg";
  return name;
}

} // namespace

namespace {

// One type's current, currentSince, deltaLast and averages at `now`; false when it has no point yet.
bool deal_numbers(std::span<const keepa::point> series, keepa::keepa_minute now, std::int32_t& current,
                  std::int32_t& since, std::int32_t& delta_last, std::int32_t (&avg)[keepa::deal_date_range_count]) {
  // Index of the last point at or before now.
  std::size_t last = series.size();
  while (last > 0 && series[last - 1].t > now) --last;
  if (last == 0) return false;
  current = series[last - 1].value;
  since = series[last - 1].t;
  delta_last = last >= 2 && current >= 0 && series[last - 2].value >= 0 ? series[last - 2].value - current : 0;
  for (int r = 0; r < keepa::deal_date_range_count; ++r)
    avg[r] = time_weighted_avg(series, now - deal_range_days[r] * minutes_per_day, now);
  return true;
}

void set_deltas(keepa::deal& d, int type) {
  const std::int32_t current = d.current[type];
  for (int r = 0; r < keepa::deal_date_range_count; ++r) {
    const std::int32_t avg = d.avg[r][type];
    if (avg > 0 && current >= 0) {
      d.delta[r][type] = avg - current;
      d.delta_percent[r][type] =
          static_cast<std::int32_t>(std::lround(100.0 * (avg - current) / static_cast<double>(avg)));
    }
  }
}

keepa::deal empty_deal(std::string asin) {
  keepa::deal d;
  d.image = image_name(asin);
  d.asin = std::move(asin);
  for (auto& r : d.delta) r = keepa::filled(0);
  for (auto& r : d.delta_percent) r = keepa::filled(0);
  for (auto& r : d.avg) r = keepa::filled(keepa::no_value);
  d.delta_last = keepa::filled(0);
  return d;
}

} // namespace

keepa::deal make_deal(const keepa::product& p, keepa::keepa_minute now) {
  keepa::deal d = empty_deal(p.asin);
  d.title = p.title;
  d.root_cat = p.root_category;
  d.categories = p.categories;
  d.last_update = p.last_update;
  for (int type = 0; type < keepa::csv_type_count; ++type) {
    std::int32_t avg[keepa::deal_date_range_count];
    if (!deal_numbers(p.csv[type], now, d.current[type], d.current_since[type], d.delta_last[type], avg)) continue;
    for (int r = 0; r < keepa::deal_date_range_count; ++r) d.avg[r][type] = avg[r];
    set_deltas(d, type);
  }
  d.creation_date = d.current_since[keepa::used] >= 0 ? d.current_since[keepa::used] : p.last_update;
  return d;
}

deal_summary summarize_deal(const std::array<std::span<const keepa::point>, deal_types.size()>& series,
                            keepa::keepa_minute now) {
  deal_summary s;
  s.current.fill(keepa::no_value);
  s.current_since.fill(keepa::no_value);
  s.delta_last.fill(0);
  for (auto& r : s.avg) r.fill(keepa::no_value);
  for (std::size_t k = 0; k < deal_types.size(); ++k) {
    std::int32_t avg[keepa::deal_date_range_count];
    if (!deal_numbers(series[k], now, s.current[k], s.current_since[k], s.delta_last[k], avg)) continue;
    for (int r = 0; r < keepa::deal_date_range_count; ++r) s.avg[static_cast<std::size_t>(r)][k] = avg[r];
  }
  return s;
}

keepa::deal expand_deal(const deal_summary& s, std::string asin, std::string title) {
  keepa::deal d = empty_deal(std::move(asin));
  d.title = std::move(title);
  d.root_cat = books_root_category;
  d.categories = {s.leaf_category};
  d.last_update = s.last_update;
  d.creation_date = s.creation_date;
  for (std::size_t k = 0; k < deal_types.size(); ++k) {
    const int type = deal_types[k];
    if (s.current_since[k] == keepa::no_value) continue;
    d.current[type] = s.current[k];
    d.current_since[type] = s.current_since[k];
    d.delta_last[type] = s.delta_last[k];
    for (int r = 0; r < keepa::deal_date_range_count; ++r) d.avg[r][type] = s.avg[static_cast<std::size_t>(r)][k];
    set_deltas(d, type);
  }
  return d;
}

} // namespace synth
