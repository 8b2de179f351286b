// What one product costs in a /product answer: the facts about the product
// that decide its keepa::product_outcome, then keepa/pricing.hpp prices it.
#pragma once

#include "keepa/pricing.hpp"
#include "keepa/product.hpp"

#include <cstddef>

namespace mock {

// The few things about a product that change its price; taken from the
// universe's product or from a replayed capture.
struct product_facts {
  std::size_t offer_count = 0;
  keepa::keepa_minute last_update = 0;
  keepa::keepa_minute last_rating_update = 0;  // 0: never
  keepa::keepa_minute last_offers_update = 0;  // 0: never
};

product_facts facts_of(const keepa::product& product);

inline constexpr keepa::keepa_minute rating_fresh_minutes = 14 * 24 * 60;
inline constexpr keepa::keepa_minute forced_refresh_window_minutes = 60;
inline constexpr std::int64_t offers_per_page = 10;

// Per keepa-api.md: offer pages found = ceil(offers / 10) capped by the
// request's offers / 10; no offers at all is the flat "secondary source" price;
// offers newer than update=N hours are the flat 5; rating costs only when
// rating or review count moved within 14 days; update=0 is charged only when
// it forces a refresh of data under an hour old.
keepa::product_outcome outcome_for(const keepa::product_request& request, const product_facts& facts,
                                   keepa::keepa_minute now);

} // namespace mock
