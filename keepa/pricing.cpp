// Token prices per keepa-api.md. Each rule is one line so a reader can check
// it against the table there.
#include "keepa/pricing.hpp"

#include <numeric>

namespace keepa {
namespace {

constexpr std::int64_t offers_per_page = 10;
constexpr std::int64_t tokens_per_offer_page = 6;
constexpr std::int64_t offers_flat_cost = 5;  // no offers found, or fresh ones under update=N
constexpr std::int64_t offers_failed_cost = 1;

std::int64_t max_offer_pages(std::int32_t offers) {
  return (offers + offers_per_page - 1) / offers_per_page;
}

std::int64_t offers_cost(const product_request& r, const product_outcome& o) {
  if (r.update_hours && o.offers_fresh)
    return offers_flat_cost;
  if (o.offers_failed)
    return offers_failed_cost;
  if (o.has_no_offers || o.offer_pages_found == 0)
    return offers_flat_cost;
  return tokens_per_offer_page * o.offer_pages_found;
}

} // namespace

std::int64_t product_cost(const product_request& r, const product_outcome& o) {
  std::int64_t cost = 0;
  if (r.offers > 0) {
    // Offers replace the base token; buybox is ignored with them.
    cost += offers_cost(r, o);
    if (r.stock && !o.offers_failed)
      cost += 2;
  } else {
    cost += 1;
    if (r.buybox)
      cost += 2;
    if (r.update_hours && o.refreshed)
      cost += 1;
  }
  if (r.rating && o.rating_updated)
    cost += 1;
  return cost;
}

std::int64_t product_cost(const product_request& r, const std::vector<product_outcome>& outcomes) {
  return std::accumulate(outcomes.begin(), outcomes.end(), std::int64_t{0},
                         [&](std::int64_t sum, const product_outcome& o) { return sum + product_cost(r, o); });
}

std::int64_t estimate_product_cost(const product_request& r, std::int64_t asin_count) {
  product_outcome worst;
  worst.rating_updated = true;
  worst.refreshed = true;
  if (r.offers > 0) {
    worst.offer_pages_found = max_offer_pages(r.offers);
    // Fewer than two pages can still cost the flat 5 for "no offers".
    if (worst.offer_pages_found * tokens_per_offer_page < offers_flat_cost)
      worst.has_no_offers = true;
  }
  return asin_count * product_cost(r, worst);
}

} // namespace keepa
