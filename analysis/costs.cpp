// Fees and profit arithmetic in cents.
#include "analysis/costs.hpp"

#include <algorithm>

namespace analysis {

fees fees_of(const keepa::product& p, const settings& s) {
  fees f{s.fallback_fba_fee_cents, s.fallback_referral_pct};
  if (p.fees && p.fees->pick_and_pack_fee > 0)
    f.fba_fee_cents = p.fees->pick_and_pack_fee;
  if (p.referral_fee_percentage && *p.referral_fee_percentage > 0)
    f.referral_pct = *p.referral_fee_percentage;
  return f;
}

cents all_in_cost(cents price_now, cents list_at, const fees& f, const settings& s) {
  const cents tax = s.tax_exempt ? 0 : percent_of(price_now, s.tax_pct);
  return price_now + tax + s.prep_fee_cents + percent_of(list_at, f.referral_pct) + f.fba_fee_cents;
}

cents min_listing_price(cents all_in, const settings& s) {
  return round_cents(static_cast<double>(all_in) / (1.0 - s.markup_pct / 100.0));
}

std::optional<double> percent_down(cents price_now, std::optional<cents> one_year_avg) {
  if (!one_year_avg || *one_year_avg <= 0)
    return std::nullopt;
  const double avg = static_cast<double>(*one_year_avg);
  return std::max(0.0, (avg - static_cast<double>(price_now)) / avg * 100.0);
}

profit_figures compute_profit(std::optional<cents> price_now, std::optional<cents> list_at,
                              std::optional<cents> one_year_avg, const fees& f, const settings& s) {
  profit_figures out;
  if (!price_now)
    return out;
  out.percent_down = percent_down(*price_now, one_year_avg);
  if (!list_at || *list_at <= 0)
    return out;
  const cents all_in = all_in_cost(*price_now, *list_at, f, s);
  out.all_in_cost_cents = all_in;
  out.profit_cents = *list_at - all_in;
  out.margin_pct = static_cast<double>(*list_at - all_in) / static_cast<double>(*list_at) * 100.0;
  out.min_listing_cents = min_listing_price(all_in, s);
  return out;
}

} // namespace analysis
