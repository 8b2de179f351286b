// Viability of a new ASIN from its stats alone.
#include "analysis/peek.hpp"

#include <unordered_set>

namespace analysis {

std::string_view to_string(peek_reason r) {
  switch (r) {
  case peek_reason::viable: return "viable";
  case peek_reason::no_stats: return "no_stats";
  case peek_reason::sell_too_low: return "sell_too_low";
  case peek_reason::no_buy_price: return "no_buy_price";
  case peek_reason::buy_above_sell: return "buy_above_sell";
  case peek_reason::thin_margin: return "thin_margin";
  }
  return "unknown";
}

peek_verdict peek(const keepa::product& p, const peek_thresholds& bar) {
  if (!p.stats) {
    peek_verdict v;
    v.reason = peek_reason::no_stats;
    return v;
  }
  return peek_prices(p.stats->avg90, p.stats->current, bar);
}

peek_verdict peek(const keepa::deal& d, const peek_thresholds& bar) {
  constexpr int ninety_days = 3;  // the deal's date ranges: 24 h, 7 d, 31 d, 90 d
  return peek_prices(d.avg[ninety_days], d.current, bar);
}

peek_verdict peek_prices(const keepa::per_type& avg90, const keepa::per_type& current, const peek_thresholds& bar) {
  peek_verdict v;
  for (auto x : {avg90[keepa::amazon], avg90[keepa::new_price], avg90[keepa::used]})
    if (x > 0 && (!v.sell_cents || x > *v.sell_cents))
      v.sell_cents = x;
  if (current[keepa::used] > 0)
    v.buy_cents = current[keepa::used];
  else if (current[keepa::new_price] > 0)
    v.buy_cents = current[keepa::new_price];

  if (!v.sell_cents || *v.sell_cents < bar.min_sell_cents)
    v.reason = peek_reason::sell_too_low;
  else if (!v.buy_cents)
    v.reason = peek_reason::no_buy_price;
  else if (static_cast<double>(*v.buy_cents) > bar.max_buy_over_sell * static_cast<double>(*v.sell_cents))
    v.reason = peek_reason::buy_above_sell;
  else if (static_cast<double>(*v.sell_cents - *v.buy_cents) / static_cast<double>(*v.buy_cents) < bar.min_spread)
    v.reason = peek_reason::thin_margin;
  return v;
}

std::vector<std::string> not_viable(const std::vector<keepa::deal>& feed, const std::vector<std::string>& chosen,
                                    const peek_thresholds& bar) {
  const std::unordered_set<std::string_view> wanted(chosen.begin(), chosen.end());
  std::vector<std::string> out;
  for (const auto& d : feed)
    if (wanted.contains(d.asin) && !peek(d, bar).viable())
      out.push_back(d.asin);
  return out;
}

} // namespace analysis
