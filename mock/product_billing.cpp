// Outcome rules for billing one product; the prices themselves are keepa/pricing.
#include "mock/product_billing.hpp"

#include <algorithm>

namespace mock {
namespace {

keepa::keepa_minute last_time(const std::vector<keepa::point>& history) {
  return history.empty() ? 0 : history.back().t;
}

} // namespace

product_facts facts_of(const keepa::product& product) {
  product_facts facts;
  facts.offer_count = product.offers.size();
  facts.last_update = product.last_update;
  facts.last_rating_update =
      std::max(last_time(product.csv[keepa::rating]), last_time(product.csv[keepa::count_reviews]));
  if (product.stats)
    facts.last_offers_update = product.stats->last_offers_update;
  return facts;
}

keepa::product_outcome outcome_for(const keepa::product_request& request, const product_facts& facts,
                                   keepa::keepa_minute now) {
  keepa::product_outcome outcome;
  if (request.offers > 0) {
    const std::int64_t pages_found =
        (static_cast<std::int64_t>(facts.offer_count) + offers_per_page - 1) / offers_per_page;
    const std::int64_t pages_asked = (request.offers + offers_per_page - 1) / offers_per_page;
    outcome.offer_pages_found = static_cast<std::int32_t>(std::min(pages_found, pages_asked));
    outcome.has_no_offers = facts.offer_count == 0;
    outcome.offers_fresh = request.update_hours && facts.last_offers_update > 0 &&
                           now - facts.last_offers_update < *request.update_hours * 60;
  }
  outcome.rating_updated = request.rating && facts.last_rating_update > 0 &&
                           now - facts.last_rating_update <= rating_fresh_minutes;
  outcome.refreshed = request.update_hours && *request.update_hours == 0 &&
                      now - facts.last_update < forced_refresh_window_minutes;
  return outcome;
}

} // namespace mock
