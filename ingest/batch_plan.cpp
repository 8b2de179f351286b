#include "ingest/batch_plan.hpp"

#include <unordered_map>

namespace ingest {
namespace {

// A remembered reject earns a heavy retry once its cooldown is over or when
// the feed shows its price fell far enough since.
bool still_cooling(const storage::reject_row& r, const keepa::deal& entry, const ingest_policy& policy,
                   storage::unix_seconds now) {
  if (now - r.rejected_utc >= policy.reject_cooldown_seconds)
    return false;
  const auto price = feed_buy_price(entry);
  if (price && r.price_cents && *r.price_cents > 0 &&
      static_cast<double>(*r.price_cents - *price) * 100.0 / static_cast<double>(*r.price_cents) >=
          policy.reject_retry_drop_pct)
    return false;
  return true;
}

bool data_is_stale(const storage::kept_fields& kept, const ingest_policy& policy, storage::unix_seconds now) {
  return !kept.product_data_utc || now - *kept.product_data_utc >= policy.light_max_age_seconds;
}

} // namespace

std::optional<storage::cents> feed_buy_price(const keepa::deal& entry) {
  if (entry.current[keepa::used] > 0)
    return entry.current[keepa::used];
  if (entry.current[keepa::new_price] > 0)
    return entry.current[keepa::new_price];
  return std::nullopt;
}

batch_plan plan_batch(std::span<const keepa::deal> entries, const known_asins& known,
                      const std::unordered_set<std::string>& not_viable, const ingest_policy& policy,
                      storage::unix_seconds now) {
  std::unordered_map<std::string_view, const keepa::deal*> newest;
  std::vector<const keepa::deal*> order;
  for (const auto& e : entries) {
    auto [it, fresh] = newest.try_emplace(e.asin, &e);
    if (fresh)
      order.push_back(&e);
    else if (e.last_update > it->second->last_update)
      it->second = &e;
  }
  batch_plan plan;
  for (const auto* first : order) {
    const keepa::deal& e = *newest.at(first->asin);
    const auto deal = known.deals.find(e.asin);
    const bool is_known = deal != known.deals.end() && !deal->second.is_zombie();
    if (policy.mode == ingest_mode::heavy_only) {
      plan.heavy.push_back(e.asin);
    } else if (is_known && policy.refreshes_from_feed()) {
      plan.from_feed.push_back({e, deal->second});
      if (data_is_stale(deal->second, policy, now))
        plan.top_up.push_back({e.asin, deal->second});
    } else if (is_known) {
      plan.light.push_back({e.asin, deal->second});
    } else if (deal != known.deals.end()) {
      plan.heavy.push_back(e.asin);  // a zombie row: analysed again
    } else if (not_viable.contains(e.asin)) {
      plan.not_viable.push_back(e.asin);
    } else if (auto r = known.rejects.find(e.asin);
               policy.remembers_rejects() && r != known.rejects.end() && still_cooling(r->second, e, policy, now)) {
      plan.cooling.push_back(e.asin);
    } else {
      plan.heavy.push_back(e.asin);
    }
  }
  return plan;
}

} // namespace ingest
