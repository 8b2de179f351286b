// Reads the stats-only fields shared by the heavy and the light path.
#include "analysis/current_stats.hpp"

namespace analysis {

std::string arrow_against(std::int32_t now, std::int32_t avg30) {
  if (now < 0 || avg30 < 0)
    return {};
  if (now > avg30)
    return "up";
  if (now < avg30)
    return "down";
  return "flat";
}

current_stats read_current_stats(const keepa::product& p) {
  current_stats out;
  if (p.last_price_change > 0)
    out.last_price_change_utc = keepa::to_unix(p.last_price_change);
  if (!p.stats)
    return out;
  const auto& s = *p.stats;
  if (s.current[keepa::sales_rank] > 0)
    out.sales_rank = s.current[keepa::sales_rank];
  // 0 used offers is a real count; -1/-2 are "unknown".
  if (s.current[keepa::count_used] >= 0) {
    out.offers_used = s.current[keepa::count_used];
    out.offers_trend = arrow_against(s.current[keepa::count_used], s.avg30[keepa::count_used]);
  }
  if (s.sales_rank_drops30 >= 0)
    out.drops_30d = s.sales_rank_drops30;
  out.amazon_sells = s.current[keepa::amazon] > 0;
  return out;
}

} // namespace analysis
