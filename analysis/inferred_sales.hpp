// Inferred sales: an offer count that falls, confirmed by a sales-rank drop
// soon after, is a copy sold at the price then in force.
#pragma once

#include "analysis/settings.hpp"
#include "keepa/product.hpp"

#include <vector>

namespace analysis {

struct sale {
  keepa::keepa_minute t;   // when the offer count fell
  cents price_cents;       // the used (or new) price in force then
  bool used;               // which offer count fell
  friend bool operator==(const sale&, const sale&) = default;
};

struct inferred_sales {
  std::vector<sale> sales;  // oldest first, outliers removed
  int offer_drops = 0;      // every decrease of the used and new offer counts in the window
};

// Looks at offer-count decreases (csv 12 used, 11 new) within
// `settings.inferred_sales_window_days` before `now`. A decrease is a sale when
// the sales rank (csv 3) decreases at the same minute or within
// `settings.sale_confirmation_hours` after it (Keepa stamps one crawl's changes
// with one minute, so a same-minute rank drop counts). Values of -1 in any
// history are gaps: they are skipped, never compared. Sales whose price is
// unknown or <= 0 are dropped; then prices outside
// [Q1 - 1.5 IQR, Q3 + 1.5 IQR] (quartiles interpolated linearly) are removed.
inferred_sales infer_sales(const keepa::product& p, const settings& s, keepa::keepa_minute now);

// Linear-interpolated quantile (q in 0..1), as numpy's default; reorders
// `values` (two selections instead of a sort). 0 for no values.
double quantile_in_place(std::vector<cents>& values, double q);

} // namespace analysis
