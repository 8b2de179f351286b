// Token prices of Keepa requests, as pure functions (see keepa-api.md,
// "Token pricing"). The token bucket reserves the estimate before a call;
// the exact figure after it reconciles with the envelope's tokensConsumed.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace keepa {

// The parameters of one /product request that change its price.
struct product_request {
  std::int32_t stats_days = 0;     // 0: no stats
  bool history = true;             // history=0 drops csv (free either way)
  std::int32_t offers = 0;         // 0: no offers; else 20..100
  bool buybox = false;
  bool rating = false;
  std::optional<std::int32_t> update_hours;  // `update=N`
  bool stock = false;              // only with offers
  bool only_live_offers = false;
  std::int32_t days = 0;
};

// What the server learned about one product while answering, which decides
// its exact price. Defaults describe the cheapest outcome.
struct product_outcome {
  std::int32_t offer_pages_found = 0;  // pages of up to 10 offers
  bool offers_failed = false;          // offer fetch failed: 1 token
  bool has_no_offers = false;          // secondary source: 5 tokens
  bool offers_fresh = false;           // offers newer than update=N: 5 flat
  bool rating_updated = false;         // rating refreshed within 14 days
  bool refreshed = false;              // Keepa refreshed the product (update=N)
};

// Upper bound for a request of `asin_count` products, before the call.
std::int64_t estimate_product_cost(const product_request& request, std::int64_t asin_count);
// Exact cost of one product given its outcome.
std::int64_t product_cost(const product_request& request, const product_outcome& outcome);
// Exact cost of the whole request: the sum over its products.
std::int64_t product_cost(const product_request& request, const std::vector<product_outcome>& outcomes);

inline constexpr std::int64_t deal_page_cost = 5;
inline constexpr std::int64_t deal_page_size = 150;
inline constexpr std::int64_t seller_cost = 1;
inline constexpr std::int64_t max_asins_per_request = 100;

constexpr std::int64_t deal_cost(std::int64_t pages) { return pages * deal_page_cost; }
constexpr std::int64_t seller_request_cost(std::int64_t sellers) { return sellers * seller_cost; }

} // namespace keepa
