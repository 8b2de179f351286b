// The payload model: what keepa-deals keeps of Keepa's /product, /deal,
// /seller and error responses, as plain typed values (no JSON types leak out).
#pragma once

#include "keepa/time.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace keepa {

// Indexes of the `csv` histories and of every per-type `stats` array.
enum csv_type : int {
  amazon = 0, new_price = 1, used = 2, sales_rank = 3, list_price = 4,
  collectible = 5, refurbished = 6, new_fbm_shipping = 7, lightning_deal = 8,
  warehouse = 9, new_fba = 10, count_new = 11, count_used = 12,
  count_refurbished = 13, count_collectible = 14, extra_info_updates = 15,
  rating = 16, count_reviews = 17, buy_box_shipping = 18,
  used_new_shipping = 19, used_very_good_shipping = 20,
  used_good_shipping = 21, used_acceptable_shipping = 22,
  collectible_new_shipping = 23, collectible_very_good_shipping = 24,
  collectible_good_shipping = 25, collectible_acceptable_shipping = 26,
  refurbished_shipping = 27, ebay_new_shipping = 28, ebay_used_shipping = 29,
  trade_in = 30, rent = 31, buy_box_used_shipping = 32, prime_exclusive = 33,
  count_new_fba = 34, count_new_fbm = 35,
};
inline constexpr int csv_type_count = 36;

// Shipping types store [t, price, shipping] triples instead of [t, value] pairs.
constexpr bool is_shipping_type(int type) {
  return type == new_fbm_shipping || (type >= buy_box_shipping && type <= ebay_used_shipping) ||
         type == buy_box_used_shipping;
}

// Cents, ranks and counts alike; -1 means "none", -2 "not requested".
inline constexpr std::int32_t no_value = -1;
inline constexpr std::int32_t not_requested = -2;

struct point {
  keepa_minute t;
  std::int32_t value;
  friend bool operator==(const point&, const point&) = default;
};

struct shipped_point {
  keepa_minute t;
  std::int32_t price;
  std::int32_t shipping;
  friend bool operator==(const shipped_point&, const shipped_point&) = default;
};

using per_type = std::array<std::int32_t, csv_type_count>;

inline per_type filled(std::int32_t v) {
  per_type a;
  a.fill(v);
  return a;
}

// A `[keepa_minute, value]` pair of stats.min / max; absent when Keepa sends null.
struct dated_value {
  keepa_minute t;
  std::int32_t value;
};

struct product_stats {
  per_type current = filled(not_requested);
  per_type avg = filled(not_requested);
  per_type avg30 = filled(not_requested);
  per_type avg90 = filled(not_requested);
  per_type avg180 = filled(not_requested);
  per_type avg365 = filled(not_requested);
  per_type at_interval_start = filled(not_requested);
  std::array<std::optional<dated_value>, csv_type_count> min{};
  std::array<std::optional<dated_value>, csv_type_count> max{};
  std::int32_t sales_rank_drops30 = no_value;
  std::int32_t sales_rank_drops90 = no_value;
  std::int32_t sales_rank_drops180 = no_value;
  std::int32_t sales_rank_drops365 = no_value;
  std::int32_t total_offer_count = not_requested;
  std::int32_t offer_count_fba = not_requested;
  std::int32_t offer_count_fbm = not_requested;
  std::int32_t retrieved_offer_count = not_requested;
  std::int32_t buy_box_price = not_requested;
  std::int32_t buy_box_shipping = not_requested;
  bool buy_box_is_fba = false;
  std::string buy_box_seller_id;
  keepa_minute last_offers_update = 0;
};

struct offer {
  std::string seller_id;
  std::int32_t condition = 0;  // 1 new, 2-5 used (like new .. acceptable), ...
  bool is_fba = false;
  bool is_prime = false;
  bool is_amazon = false;
  keepa_minute last_seen = 0;
  std::vector<shipped_point> history;  // offerCSV
};

struct fba_fees {
  std::int32_t pick_and_pack_fee = no_value;  // cents
};

struct product {
  std::string asin;
  std::string title;
  std::string binding;
  std::string manufacturer;  // the publisher, for books
  std::string author;
  std::int64_t root_category = 0;
  std::vector<std::int64_t> categories;
  std::vector<std::string> category_names;  // from categoryTree, root first
  keepa_minute last_update = 0;
  keepa_minute last_price_change = 0;
  keepa_minute tracking_since = 0;
  keepa_minute listed_since = 0;

  // csv[type] holds pairs for value types; shipped[type] triples for shipping
  // types. Exactly one of the two is non-empty for a type with history.
  std::array<std::vector<point>, csv_type_count> csv{};
  std::array<std::vector<shipped_point>, csv_type_count> shipped{};
  std::vector<std::pair<std::int64_t, std::vector<point>>> sales_ranks;  // by category id

  std::optional<product_stats> stats;  // absent unless `stats` was requested
  std::vector<offer> offers;           // empty unless `offers` was requested
  std::optional<fba_fees> fees;
  std::optional<double> referral_fee_percentage;
};

// Envelope fields every Keepa response carries, errors included.
struct envelope {
  std::int64_t timestamp_ms = 0;
  std::int32_t tokens_left = 0;
  std::int32_t tokens_consumed = 0;
  std::int32_t refill_in_ms = 0;
  std::int32_t refill_rate = 0;
  std::int32_t token_flow_reduction = 0;
  std::int32_t processing_time_ms = 0;
};

struct api_error {
  std::string type;
  std::string message;
  std::string details;
};

struct product_response {
  envelope env;
  std::vector<product> products;
  std::optional<api_error> error;
};

inline constexpr int deal_date_range_count = 4;  // 24 h, 7 d, 31 d, 90 d

// One entry of the /deal feed (`deals.dr[]`).
struct deal {
  std::string asin;
  std::string parent_asin;
  std::string title;
  std::int64_t root_cat = 0;
  std::vector<std::int64_t> categories;
  std::string image;  // decoded from Keepa's array of character codes
  per_type current = filled(no_value);
  per_type current_since = filled(no_value);
  per_type delta_last = filled(no_value);
  std::array<per_type, deal_date_range_count> delta{};
  std::array<per_type, deal_date_range_count> delta_percent{};
  std::array<per_type, deal_date_range_count> avg{};
  keepa_minute last_update = 0;
  keepa_minute creation_date = 0;
  keepa_minute lightning_end = 0;
  std::int32_t warehouse_condition = 0;
};

struct deal_response {
  envelope env;
  std::vector<deal> deals;
  std::vector<std::int64_t> category_ids;
  std::vector<std::string> category_names;
  std::vector<std::int32_t> category_count;
  std::optional<api_error> error;
};

struct seller {
  std::string seller_id;
  std::string name;
  std::int32_t current_rating = no_value;        // percent positive, 0-100
  std::int32_t current_rating_count = no_value;  // number of ratings
};

struct seller_response {
  envelope env;
  std::vector<seller> sellers;
  std::optional<api_error> error;
};

} // namespace keepa
