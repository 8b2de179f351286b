// The money of a deal: fees, All-in cost, Profit, Margin, Min listing price
// and % Down. The heavy and the light path both call compute_profit, so a
// refreshed row and a freshly analysed one can never disagree.
#pragma once

#include "analysis/settings.hpp"
#include "keepa/product.hpp"

#include <optional>

namespace analysis {

struct fees {
  cents fba_fee_cents;  // fbaFees.pickAndPackFee, else the fallback
  double referral_pct;  // referralFeePercentage, else the fallback
};

fees fees_of(const keepa::product& p, const settings& s);

// Price Now already carries shipping (the offer's or the estimate), so the
// estimate is NOT added again here (the original added it twice):
// Price Now + tax on Price Now (unless exempt) + prep + List at x referral % + FBA fee.
cents all_in_cost(cents price_now, cents list_at, const fees& f, const settings& s);

// All-in / (1 - markup %), rounded to the cent.
cents min_listing_price(cents all_in, const settings& s);

// (1yr Avg - Price Now) / 1yr Avg x 100, floored at 0; nullopt unless 1yr Avg > 0.
std::optional<double> percent_down(cents price_now, std::optional<cents> one_year_avg);

struct profit_figures {
  std::optional<cents> all_in_cost_cents;
  std::optional<cents> profit_cents;     // List at - All-in
  std::optional<double> margin_pct;      // Profit / List at x 100
  std::optional<cents> min_listing_cents;
  std::optional<double> percent_down;
};

// Every figure that needs a price is absent without one; those that need
// List at are absent without a positive one.
profit_figures compute_profit(std::optional<cents> price_now, std::optional<cents> list_at,
                              std::optional<cents> one_year_avg, const fees& f, const settings& s);

} // namespace analysis
