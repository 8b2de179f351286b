// The query strings of Keepa requests, built from typed parameters (pure
// functions, tested without a network). The key is added by the client.
#pragma once

#include "keepa/pricing.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace keepa {

using int_range = std::array<std::int64_t, 2>;

// The /deal selection fields the original system uses (keepa-api.md, "The deal
// feed"); defaults are its Books / used-price query.
struct deal_selection {
  std::int32_t page = 0;
  std::int32_t domain_id = 1;
  std::vector<std::int64_t> include_categories{283155};
  std::int32_t price_type = 2;  // USED
  std::optional<int_range> delta_percent_range = int_range{10, 100};
  std::optional<int_range> delta_range;
  std::optional<int_range> sales_rank_range;
  std::optional<int_range> current_range;  // cents
  std::int32_t date_range = 3;             // 90 days
  std::int32_t sort_type = 4;              // percent delta
  std::int32_t min_rating = -1;
  bool is_range_enabled = true;
  bool is_filter_enabled = true;
  bool single_variation = true;
};

// The original system's deal query (original-system.md), the node's default
// ([deals] in the config): Books, the used price, a drop of at least 10 %,
// sales rank 10,000 to 10,000,000, current price $20 to $451, at least one
// star (Keepa's rating scale is 0..50).
inline deal_selection original_deal_query() {
  deal_selection s;
  s.include_categories = {283155};
  s.price_type = 2;
  s.delta_percent_range = int_range{10, 100};
  s.sales_rank_range = int_range{10'000, 10'000'000};
  s.current_range = int_range{2'000, 45'100};
  s.min_rating = 10;
  return s;
}

// "domain=1&asin=A,B&stats=180&history=0..." (no key). Throws
// std::invalid_argument naming the bad parameter: 0 or more than 100 ASINs,
// an ASIN that is not 10 letters and digits, offers outside 20..100, stock
// without offers.
std::string product_query(const std::vector<std::string>& asins, const product_request& request,
                          std::int32_t domain = 1);
std::string selection_json(const deal_selection& selection);
std::string deal_query(const deal_selection& selection);  // "selection=<url-encoded JSON>"
// Throws std::invalid_argument for 0 or more than 100 ids or ids with separators.
std::string seller_query(const std::vector<std::string>& seller_ids, std::int32_t domain = 1);

} // namespace keepa
