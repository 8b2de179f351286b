// The two /product requests of hybrid ingestion and what they cost. The heavy
// one buys history (free) and offers (6-12 tokens) for the analysis; the light
// one is stats only: 1 token an ASIN. Both are configurable; see README.
#pragma once

#include "keepa/pricing.hpp"

namespace ingest {

struct fetch_profiles {
  keepa::product_request heavy;
  keepa::product_request light;
};

inline fetch_profiles default_fetch_profiles() {
  fetch_profiles p;
  p.heavy.stats_days = 365;
  p.heavy.history = true;
  p.heavy.offers = 20;  // Price Now matched to a live used offer with its shipping
  p.heavy.only_live_offers = true;
  p.heavy.rating = true;
  p.light.stats_days = 90;  // avg30/avg90 for the offer trend; drops30
  p.light.history = false;
  return p;
}

} // namespace ingest
