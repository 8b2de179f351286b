// Price Now: what buying the cheapest copy costs today, shipping included.
#pragma once

#include "analysis/settings.hpp"
#include "keepa/product.hpp"

#include <optional>

namespace analysis {

struct price_now {
  cents price_cents;             // always includes shipping: the offer's own or the estimate
  bool includes_offer_shipping;  // true when matched to an offer and its real shipping
  bool used;                     // the used price (else the new one)
};

// The lowest live price from stats: current USED, else current NEW (values
// <= 0 mean none). nullopt without stats or without either price.
std::optional<price_now> stats_price(const keepa::product& p);

// Heavy path: the stats price matched to an offer of the same condition
// group whose latest offerCSV price equals it and which was seen within
// `settings.offer_match_days`; then item price + that offer's shipping (FBA
// or -1 ship free). Unmatched, or no offers: stats price + estimated shipping.
std::optional<price_now> compute_price_now(const keepa::product& p, const settings& s,
                                           keepa::keepa_minute now);

// Light path: stats price + estimated shipping, never offers or history.
std::optional<price_now> stats_price_now(const keepa::product& p, const settings& s);

} // namespace analysis
