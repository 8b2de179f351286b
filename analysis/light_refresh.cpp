// Light refresh: stats in, a small UPDATE's worth of fields out.
#include "analysis/light_refresh.hpp"

#include "analysis/costs.hpp"
#include "analysis/current_stats.hpp"
#include "analysis/price_now.hpp"

namespace analysis {

storage::light_update light_refresh(const keepa::product& p, const storage::kept_fields& kept,
                                    const settings& s, keepa::unix_seconds now, std::string_view source) {
  storage::light_update u;
  u.asin = p.asin;
  u.seen_utc = now;
  u.source = std::string(source);
  const current_stats c = read_current_stats(p);
  u.sales_rank = c.sales_rank;
  u.offers_used = c.offers_used;
  u.offers_trend = c.offers_trend;
  u.drops_30d = c.drops_30d;
  u.amazon_sells = c.amazon_sells;
  u.last_price_change_utc = c.last_price_change_utc;

  const auto price = stats_price_now(p, s);
  if (!price)
    return u;
  u.price_now_cents = price->price_cents;
  u.price_includes_shipping = false;
  // The kept fees are what the heavy analysis stored; a row from before fees
  // were stored (0 / 0) falls back to the settings like the heavy path does.
  const fees f{kept.fba_fee_cents > 0 ? kept.fba_fee_cents : s.fallback_fba_fee_cents,
               kept.referral_fee_pct > 0 ? kept.referral_fee_pct : s.fallback_referral_pct};
  const auto figures = compute_profit(price->price_cents, kept.list_at_cents, kept.one_year_avg_cents, f, s);
  u.all_in_cost_cents = figures.all_in_cost_cents;
  u.profit_cents = figures.profit_cents;
  u.margin_pct = figures.margin_pct;
  u.min_listing_cents = figures.min_listing_cents;
  u.percent_down = figures.percent_down;
  return u;
}

} // namespace analysis
