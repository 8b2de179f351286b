// Tokens spent, by what they bought. Heavy fetches are split into the
// product's own price and what its offers added, since offers are most of
// what a heavy fetch costs and the first thing a plan runs out on.
#pragma once

#include "keepa/pricing.hpp"

#include <algorithm>
#include <cstdint>

namespace ingest {

struct token_use {
  std::int64_t deal_pages = 0;
  std::int64_t heavy = 0;
  std::int64_t offers = 0;
  std::int64_t light = 0;

  std::int64_t total() const { return deal_pages + heavy + offers + light; }
  token_use& operator+=(const token_use& o) {
    deal_pages += o.deal_pages;
    heavy += o.heavy;
    offers += o.offers;
    light += o.light;
    return *this;
  }
};

// A heavy answer's cost split: each product's price without offers is
// "heavy", the rest "offers".
inline token_use heavy_use(const keepa::product_request& request, std::int64_t products, std::int64_t consumed) {
  keepa::product_request bare = request;
  bare.offers = 0;
  bare.stock = false;
  bare.only_live_offers = false;
  const auto base = std::min(consumed, products * keepa::product_cost(bare, keepa::product_outcome{}));
  return {.heavy = base, .offers = consumed - base};
}

} // namespace ingest
