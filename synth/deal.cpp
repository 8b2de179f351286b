// make_deal: a feed entry from product histories (conventions in deal.hpp).
#include "synth/deal.hpp"

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

keepa::deal make_deal(const keepa::product& p, keepa::keepa_minute now) {
  keepa::deal d;
  d.asin = p.asin;
  d.title = p.title;
  d.root_cat = p.root_category;
  d.categories = p.categories;
  d.image = image_name(p.asin);
  d.last_update = p.last_update;
  for (auto& r : d.delta) r = keepa::filled(0);
  for (auto& r : d.delta_percent) r = keepa::filled(0);
  for (auto& r : d.avg) r = keepa::filled(keepa::no_value);
  d.delta_last = keepa::filled(0);
  for (int type = 0; type < keepa::csv_type_count; ++type) {
    const auto& series = p.csv[type];
    if (series.empty()) continue;
    // Index of the last point at or before now.
    std::size_t last = series.size();
    while (last > 0 && series[last - 1].t > now) --last;
    if (last == 0) continue;
    const std::int32_t current = series[last - 1].value;
    d.current[type] = current;
    d.current_since[type] = series[last - 1].t;
    if (last >= 2 && current >= 0 && series[last - 2].value >= 0)
      d.delta_last[type] = series[last - 2].value - current;
    for (int r = 0; r < keepa::deal_date_range_count; ++r) {
      const std::int32_t avg = time_weighted_avg(series, now - deal_range_days[r] * minutes_per_day, now);
      d.avg[r][type] = avg;
      if (avg > 0 && current >= 0) {
        d.delta[r][type] = avg - current;
        d.delta_percent[r][type] =
            static_cast<std::int32_t>(std::lround(100.0 * (avg - current) / static_cast<double>(avg)));
      }
    }
  }
  d.creation_date = d.current_since[keepa::used] >= 0 ? d.current_since[keepa::used] : p.last_update;
  return d;
}

} // namespace synth
