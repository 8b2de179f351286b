// The three refreshes differ only in where price and stats come from; the
// money is computed once, here, from the kept fields.
#include "analysis/light_refresh.hpp"

#include "analysis/costs.hpp"
#include "analysis/current_stats.hpp"
#include "analysis/price_now.hpp"

#include <optional>

namespace analysis {
namespace {

storage::light_update started(std::string_view asin, std::string_view title, keepa::unix_seconds now,
                             std::string_view source) {
  storage::light_update u;
  u.asin = std::string(asin);
  u.title = std::string(title);
  u.seen_utc = now;
  u.source = std::string(source);
  return u;
}

void take_stats(storage::light_update& u, const current_stats& c) {
  u.sales_rank = c.sales_rank;
  u.offers_used = c.offers_used;
  u.offers_trend = c.offers_trend;
  u.drops_30d = c.drops_30d;
  u.amazon_sells = c.amazon_sells;
  u.last_price_change_utc = c.last_price_change_utc;
}

storage::light_update& priced(storage::light_update& u, const std::optional<price_now>& price,
                              const storage::kept_fields& kept, const settings& s) {
  if (!price)
    return u;
  u.price_now_cents = price->price_cents;
  u.price_includes_shipping = price->includes_offer_shipping;
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

} // namespace

storage::light_update light_refresh(const keepa::product& p, const storage::kept_fields& kept,
                                    const settings& s, keepa::unix_seconds now, std::string_view source) {
  auto u = started(p.asin, p.title, now, source);
  take_stats(u, read_current_stats(p));
  u.price_source = storage::price_from_stats;
  return priced(u, stats_price_now(p, s), kept, s);
}

storage::light_update offer_refresh(const keepa::product& p, const storage::kept_fields& kept,
                                    const settings& s, keepa::unix_seconds now, std::string_view source) {
  auto u = started(p.asin, p.title, now, source);
  take_stats(u, read_current_stats(p));
  const auto price = compute_price_now(p, s, keepa::to_keepa_minute(now));
  u.price_source = price && price->includes_offer_shipping ? storage::price_from_offer : storage::price_from_stats;
  return priced(u, price, kept, s);
}

storage::light_update feed_refresh(const keepa::deal& d, const storage::kept_fields& kept, const settings& s,
                                   keepa::unix_seconds now, std::string_view source) {
  auto u = started(d.asin, d.title, now, source);
  u.from_product = false;
  u.price_source = storage::price_from_feed;
  constexpr int month = 2;  // the entry's date ranges: day, week, month, 90 days
  if (d.current[keepa::sales_rank] > 0)
    u.sales_rank = d.current[keepa::sales_rank];
  if (d.current[keepa::count_used] >= 0) {
    u.offers_used = d.current[keepa::count_used];
    u.offers_trend = arrow_against(d.current[keepa::count_used], d.avg[month][keepa::count_used]);
  }
  u.amazon_sells = d.current[keepa::amazon] > 0;
  std::optional<price_now> price;
  if (d.current[keepa::used] > 0) {
    price = price_now{d.current[keepa::used], false, true};
    if (d.current_since[keepa::used] > 0)
      u.last_price_change_utc = keepa::to_unix(d.current_since[keepa::used]);
  } else if (d.current[keepa::new_price] > 0) {
    price = price_now{d.current[keepa::new_price], false, false};
    if (d.current_since[keepa::new_price] > 0)
      u.last_price_change_utc = keepa::to_unix(d.current_since[keepa::new_price]);
  }
  if (price)
    price->price_cents += s.estimated_shipping_cents;
  return priced(u, price, kept, s);
}

} // namespace analysis
