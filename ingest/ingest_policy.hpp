// How the node spends tokens on what the feed shows it: the three ingest
// modes and the knobs of the optimal one. See README "What each path costs".
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace ingest {

enum class ingest_mode {
  heavy_only,  // the original system: every feed entry, known or not, heavy with offers
  hybrid,      // the seed as written: new ASINs heavy with offers, known ones light at every reappearance
  optimal,     // known deals refreshed from the feed for free, offers only for the profitable, rejects remembered
};

enum class offers_policy { never, profitable, always };

struct ingest_policy {
  ingest_mode mode = ingest_mode::optimal;
  offers_policy heavy_offers = offers_policy::profitable;
  // Optimal: a known deal seen in the feed gets a light product call (rank
  // drops, exact stats) only when its product data is older than this; 0
  // makes that call at every reappearance, as hybrid does.
  std::int64_t light_max_age_seconds = 24 * 3600;
  // Offers are bought for a new deal with Profit > 0 and at least this Margin (%).
  double offers_min_margin_pct = 0;
  // Optimal: a rejected ASIN is not fetched heavy again for this long...
  std::int64_t reject_cooldown_seconds = 72 * 3600;
  // ...unless the feed shows its buy price fell by at least this much (%).
  double reject_retry_drop_pct = 20;

  bool remembers_rejects() const { return mode == ingest_mode::optimal; }
  bool refreshes_from_feed() const { return mode == ingest_mode::optimal; }
};

// A mode's defaults: heavy-only and hybrid buy offers with every heavy fetch.
ingest_policy policy_for(ingest_mode mode);

std::string_view to_string(ingest_mode mode);
std::string_view to_string(offers_policy policy);
// nullopt for anything but the names to_string gives.
std::optional<ingest_mode> parse_ingest_mode(std::string_view text);
std::optional<offers_policy> parse_offers_policy(std::string_view text);

} // namespace ingest
