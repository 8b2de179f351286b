// The /deal feed: the `selection` JSON, and choosing, sorting and paging the
// deals that match it, as Keepa's Browsing Deals does (keepa-api.md).
#pragma once

#include "keepa/product.hpp"
#include "synth/deal.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace synth {
class universe;
}

namespace mock {

struct value_range {
  std::int64_t min = 0;
  std::int64_t max = -1;  // -1: open upper bound, as Keepa allows
  bool contains(std::int64_t v) const { return v >= min && (max < 0 || v <= max); }
};

struct deal_selection {
  std::int64_t page = 0;
  std::int64_t domain_id = 1;
  int price_type = keepa::used;
  int date_range = 0;  // 0 day, 1 week, 2 month, 3 90 days
  int sort_type = 0;   // 0 or 1 age, 2 absolute delta, 3 sales rank, 4 percent delta; negative inverts
  bool ranges_enabled = true;  // Keepa's isRangeEnabled; absent counts as on
  std::optional<value_range> sales_rank_range;
  std::optional<value_range> current_range;
  std::optional<value_range> delta_percent_range;
  std::optional<value_range> delta_range;
  std::vector<std::int64_t> include_categories;
  std::vector<std::int64_t> exclude_categories;
};

// Throws request_error (400) naming the selection field that is wrong.
deal_selection parse_selection(std::string_view json);

inline constexpr int feed_min_drop_percent = 10;  // under the 90-day average
inline constexpr std::size_t feed_max_results = 10'000;
inline constexpr keepa::keepa_minute feed_window_minutes = 12 * 60;  // Keepa's feed holds the last 12 hours

// The drop of the current value below the date range's average, in cents and
// in percent of the average (positive for a drop, as the deal's delta and
// deltaPercent); nullopt when either is unknown.
std::optional<std::int64_t> drop_cents(const synth::deal_summary& deal, int date_range, int price_type);
std::optional<std::int64_t> drop_percent(const synth::deal_summary& deal, int date_range, int price_type);

// Whether the deal belongs in the feed at all at `now`: updated within the
// last 12 hours, its current value of the price type at least 10 % under its
// 90-day average.
bool in_feed(const synth::deal_summary& deal, int price_type, keepa::keepa_minute now);

// The universe's products (indexes) in the feed that match the selection,
// sorted; not paged. Only the first `wanted` are sorted and returned (the
// pages up to the one asked for), at most feed_max_results.
std::vector<std::size_t> select_deals(const synth::universe& universe, const deal_selection& selection,
                                      keepa::keepa_minute now, std::size_t wanted = feed_max_results);

// The selection's page of up to 150 out of the sorted matches.
// `shift`: the page starts that many entries earlier (never before the first),
// as if as many new deals had arrived on top since the previous page was read.
std::span<const std::size_t> page_of(const std::vector<std::size_t>& matches, std::int64_t page,
                                     std::size_t shift = 0);

} // namespace mock
