// Direction of the recent NEW+USED price path.
#include "analysis/trend.hpp"

#include <vector>

namespace analysis {

int trend_window(const keepa::product& p) {
  const std::int32_t rank = p.stats ? p.stats->avg365[keepa::sales_rank] : keepa::no_value;
  if (rank > 0 && rank < 100000)
    return 10;
  if (rank > 0 && rank < 500000)
    return 5;
  return 3;
}

std::string price_trend(const keepa::product& p) {
  const auto& a = p.csv[keepa::new_price];
  const auto& b = p.csv[keepa::used];
  const std::size_t n = static_cast<std::size_t>(trend_window(p));
  // Walk both histories backwards from the newest point, merging by time, and
  // stop once n distinct prices are collected: only the tail is touched.
  std::vector<std::int32_t> newest_first;
  auto ia = a.rbegin(), ib = b.rbegin();
  while ((ia != a.rend() || ib != b.rend()) && newest_first.size() < n) {
    const keepa::point* p_next;
    if (ib == b.rend() || (ia != a.rend() && ia->t >= ib->t))
      p_next = &*ia++;
    else
      p_next = &*ib++;
    if (p_next->value <= 0)
      continue;
    if (newest_first.empty() || newest_first.back() != p_next->value)
      newest_first.push_back(p_next->value);
  }
  if (newest_first.size() < 2)
    return "flat";
  if (newest_first.front() > newest_first.back())
    return "up";
  if (newest_first.front() < newest_first.back())
    return "down";
  return "flat";
}

} // namespace analysis
