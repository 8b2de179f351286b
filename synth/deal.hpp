// Builds the /deal feed entry of a product from its histories, so the mock
// server can serve a feed consistent with the products it serves.
//
// Conventions (Keepa publishes no formulas; these are this project's):
//  - current[t]: value in force at `now`; currentSince[t]: when it started.
//  - avg[r][t]: time-weighted mean over the range r (24 h, 7 d, 31 d, 90 d),
//    as synth::time_weighted_avg; -1 when nothing to average.
//  - delta[r][t] = avg - current, so a price DROP is positive (the feed's
//    deltaPercentRange [10, ..] then selects drops of at least 10 %);
//    deltaPercent = round(100 * delta / avg); both 0 when either side is -1.
//  - deltaLast[t] = previous value - current value (positive after a drop), 0 when unknown.
//  - The universe's feed entries are make_deal(product, product.last_update):
//    as of the product's last update, as Keepa computes a deal when it
//    refreshes the product, so they do not move between changes.
#pragma once

#include "keepa/product.hpp"

#include <array>
#include <span>
#include <string>

namespace synth {

inline constexpr int deal_range_days[keepa::deal_date_range_count] = {1, 7, 31, 90};

keepa::deal make_deal(const keepa::product& product, keepa::keepa_minute now);

// The csv types a synthetic book has history for; a deal's other types are -1 (0 for deltas).
inline constexpr std::array<int, 8> deal_types = {keepa::amazon,     keepa::new_price, keepa::used,
                                                  keepa::sales_rank, keepa::list_price, keepa::new_fba,
                                                  keepa::count_new,  keepa::count_used};
// Slot of a csv type in deal_types, -1 for the others.
inline constexpr std::array<std::int8_t, keepa::csv_type_count> deal_slots = [] {
  std::array<std::int8_t, keepa::csv_type_count> slots{};
  slots.fill(-1);
  for (std::size_t i = 0; i < deal_types.size(); ++i) slots[static_cast<std::size_t>(deal_types[i])] = static_cast<std::int8_t>(i);
  return slots;
}();
constexpr int deal_slot(int type) { return deal_slots[static_cast<std::size_t>(type)]; }

// The numbers of a make_deal entry for the deal_types, compact (what the feed
// keeps per book); delta and deltaPercent follow from avg and current.
struct deal_summary {
  using slots = std::array<std::int32_t, deal_types.size()>;
  keepa::keepa_minute last_update = 0;
  keepa::keepa_minute creation_date = 0;
  std::int32_t leaf_category = 0;
  slots current{}, current_since{}, delta_last{};
  std::array<slots, keepa::deal_date_range_count> avg{};

  std::int32_t current_of(int type) const {
    const int s = deal_slot(type);
    return s < 0 ? keepa::no_value : current[static_cast<std::size_t>(s)];
  }
  std::int32_t avg_of(int range, int type) const {
    const int s = deal_slot(type);
    return s < 0 ? keepa::no_value : avg[static_cast<std::size_t>(range)][static_cast<std::size_t>(s)];
  }
};

// make_deal's numbers from one history per deal type (each sorted by time), at `now`.
deal_summary summarize_deal(const std::array<std::span<const keepa::point>, deal_types.size()>& series,
                            keepa::keepa_minute now);
// The whole feed entry: the summary's numbers with the product's names.
keepa::deal expand_deal(const deal_summary& summary, std::string asin, std::string title);

} // namespace synth
