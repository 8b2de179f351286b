// Price Now from the offers when they say, from stats plus an estimate otherwise.
#include "analysis/price_now.hpp"

#include <algorithm>

namespace analysis {

std::optional<price_now> stats_price(const keepa::product& p) {
  if (!p.stats)
    return std::nullopt;
  if (auto v = p.stats->current[keepa::used]; v > 0)
    return price_now{v, false, true};
  if (auto v = p.stats->current[keepa::new_price]; v > 0)
    return price_now{v, false, false};
  return std::nullopt;
}

std::optional<price_now> stats_price_now(const keepa::product& p, const settings& s) {
  auto base = stats_price(p);
  if (base)
    base->price_cents += s.estimated_shipping_cents;
  return base;
}

std::optional<price_now> compute_price_now(const keepa::product& p, const settings& s,
                                           keepa::keepa_minute now) {
  auto base = stats_price(p);
  if (!base)
    return std::nullopt;
  const keepa::keepa_minute seen_after = now - s.offer_match_days * 24 * 60;
  for (const auto& o : p.offers) {
    // Condition 1 is new; 2-5 are the used grades.
    const bool used_offer = o.condition >= 2 && o.condition <= 5;
    const bool new_offer = o.condition == 1;
    if ((base->used && !used_offer) || (!base->used && !new_offer) || o.history.empty())
      continue;
    const auto& latest = o.history.back();
    const keepa::keepa_minute seen = std::max(o.last_seen, latest.t);
    if (latest.price != base->price_cents || seen < seen_after)
      continue;
    const cents shipping = (o.is_fba || latest.shipping < 0) ? 0 : latest.shipping;
    return price_now{base->price_cents + shipping, true, base->used};
  }
  base->price_cents += s.estimated_shipping_cents;
  return base;
}

} // namespace analysis
