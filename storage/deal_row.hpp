// The rows keepa-deals writes: a whole analysed deal (heavy path) and the
// small refresh of a known one (light path). Plain values, no SQLite types.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace storage {

using cents = std::int64_t;
using unix_seconds = std::int64_t;

// Where a write came from; stored in `deals.source`.
inline constexpr const char* source_backfiller = "backfiller";
inline constexpr const char* source_backfiller_light = "backfiller_light";
inline constexpr const char* source_upserter = "upserter";
inline constexpr const char* source_upserter_light = "upserter_light";

// Where Price Now came from; stored in `deals.price_source`.
inline constexpr const char* price_from_offer = "offer";  // a matched live offer and its shipping
inline constexpr const char* price_from_stats = "stats";  // the product's stats + estimated shipping
inline constexpr const char* price_from_feed = "feed";    // the deal feed's entry + estimated shipping

// One analysed deal as the heavy path inserts it.
struct deal_row {
  std::string asin;
  std::string title;
  std::optional<cents> price_now_cents;
  bool price_includes_shipping = false;  // Price Now matched an offer with its shipping
  std::string price_source;              // price_from_offer / _stats / _feed
  std::optional<std::int64_t> sales_rank;
  std::optional<std::int32_t> offers_used;
  std::string offers_trend;              // "up", "down" or "flat" against avg30
  std::optional<std::int32_t> drops_30d;
  bool amazon_sells = false;

  // Analysed on the heavy path, kept by the light path.
  std::optional<cents> list_at_cents;
  std::optional<cents> one_year_avg_cents;
  std::optional<cents> expected_trough_cents;
  std::optional<std::int32_t> peak_month;    // 1-12
  std::optional<std::int32_t> trough_month;  // 1-12
  std::string seasonality;
  std::string sells;
  std::optional<double> profit_confidence_pct;
  std::int32_t inferred_sales = 0;
  std::int32_t offer_drops = 0;
  std::string trend;
  cents fba_fee_cents = 0;
  double referral_fee_pct = 0;

  // Recomputed whenever Price Now changes.
  std::optional<cents> all_in_cost_cents;
  std::optional<cents> profit_cents;
  std::optional<double> margin_pct;
  std::optional<cents> min_listing_cents;
  std::optional<double> percent_down;

  std::optional<unix_seconds> last_price_change_utc;
  unix_seconds first_seen_utc = 0;
  unix_seconds last_seen_utc = 0;
  std::optional<unix_seconds> last_heavy_fetch_utc;
  std::optional<unix_seconds> last_light_fetch_utc;
  std::string source;
};

// What the light path needs of a stored row to recompute profit without the
// history: the analysed fields it keeps.
struct kept_fields {
  std::optional<cents> list_at_cents;
  std::optional<cents> one_year_avg_cents;
  cents fba_fee_cents = 0;
  double referral_fee_pct = 0;
  // When the row's product data (history or stats) was last fetched: a feed
  // refresh does not move it.
  std::optional<unix_seconds> product_data_utc{};
  // A row without List at or 1yr Avg cannot be refreshed cheaply: it is
  // treated as new and fetched heavy again.
  bool is_zombie() const {
    return !list_at_cents || *list_at_cents <= 0 || !one_year_avg_cents || *one_year_avg_cents <= 0;
  }
};

// The light refresh of a known deal. An absent price means the refresh found
// no current offer: the row records that instead of keeping a stale price.
struct light_update {
  std::string asin;
  std::optional<cents> price_now_cents;
  bool price_includes_shipping = false;
  std::string price_source;
  // False for a refresh from the deal feed's entry (no product call): it
  // moves last_seen_utc but not last_light_fetch_utc, and keeps drops_30d,
  // which the feed does not carry.
  bool from_product = true;
  std::optional<std::int64_t> sales_rank;
  std::optional<std::int32_t> offers_used;
  std::string offers_trend;
  std::optional<std::int32_t> drops_30d;
  bool amazon_sells = false;
  std::optional<unix_seconds> last_price_change_utc;
  unix_seconds seen_utc = 0;
  std::string source;
  // Recomputed from the new price and the kept List at.
  std::optional<cents> all_in_cost_cents;
  std::optional<cents> profit_cents;
  std::optional<double> margin_pct;
  std::optional<cents> min_listing_cents;
  std::optional<double> percent_down;
  // The title as this fetch or feed entry gave it, for a price-drop note;
  // empty: the note takes the stored one. Not written to the deal.
  std::string title;
};

// An ASIN the heavy analysis turned down, remembered so that its next
// appearances in the feed cost nothing until the cooldown ends.
struct reject_row {
  std::string asin;
  std::string reason;  // analysis::reject_reason as text
  unix_seconds rejected_utc = 0;
  std::optional<cents> price_cents;  // the buy price then: a deep enough fall earns a retry
};

// A new ASIN a feed walk queued for its heavy fetch.
struct pending_row {
  std::string asin;
  unix_seconds last_update_utc = 0;  // the feed entry's lastUpdate: newest are fetched first
  unix_seconds queued_utc = 0;
};

} // namespace storage
