// History trimming for `days=N`; points are in time order, so each series is
// cut at its first point inside the window.
#include "mock/history_window.hpp"

#include <algorithm>

namespace mock {
namespace {

template <typename Point>
bool starts_before(const std::vector<Point>& series, keepa::keepa_minute cutoff) {
  return !series.empty() && series.front().t < cutoff;
}

template <typename Point>
void cut(std::vector<Point>& series, keepa::keepa_minute cutoff) {
  const auto first_kept =
      std::find_if(series.begin(), series.end(), [cutoff](const Point& p) { return p.t >= cutoff; });
  series.erase(series.begin(), first_kept);
}

} // namespace

bool has_history_before(const keepa::product& p, keepa::keepa_minute cutoff) {
  for (const auto& s : p.csv)
    if (starts_before(s, cutoff))
      return true;
  for (const auto& s : p.shipped)
    if (starts_before(s, cutoff))
      return true;
  for (const auto& [category, s] : p.sales_ranks)
    if (starts_before(s, cutoff))
      return true;
  for (const auto& o : p.offers)
    if (starts_before(o.history, cutoff))
      return true;
  return false;
}

void keep_history_since(keepa::product& p, keepa::keepa_minute cutoff) {
  for (auto& s : p.csv)
    cut(s, cutoff);
  for (auto& s : p.shipped)
    cut(s, cutoff);
  for (auto& [category, s] : p.sales_ranks)
    cut(s, cutoff);
  for (auto& o : p.offers)
    cut(o.history, cutoff);
}

} // namespace mock
