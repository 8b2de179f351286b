// The /product requests of ingestion and what they cost. The heavy one buys
// history (free) and, unless the offers come separately, offers (6-12 tokens)
// for the analysis; the light one is stats only: 1 token an ASIN; the offers
// one buys the live offers of a deal found profitable, without history. See
// README "What each path costs".
#pragma once

#include "ingest/ingest_policy.hpp"
#include "keepa/pricing.hpp"

namespace ingest {

struct fetch_profiles {
  keepa::product_request heavy;
  keepa::product_request light;
  keepa::product_request offers;
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
  p.offers.stats_days = 90;
  p.offers.history = false;
  p.offers.offers = 20;
  p.offers.only_live_offers = true;
  return p;
}

// The heavy request as the offers policy wants it: with the offers only when
// they are bought with every heavy fetch.
inline keepa::product_request heavy_request(const fetch_profiles& p, offers_policy policy) {
  auto r = p.heavy;
  const bool with_offers = policy == offers_policy::always;
  r.offers = with_offers ? p.offers.offers : 0;
  r.only_live_offers = with_offers;
  return r;
}

} // namespace ingest
