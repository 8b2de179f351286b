// What the deal feed offers a node over a run, from hourly snapshots of what
// it lists: the supply the capacity benchmark sets the live deals against.
// Pure bookkeeping, no actors and no mock.
#pragma once

#include "keepa/product.hpp"

#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace capacity {

struct supply_figures {
  std::int64_t max_distinct_in_window = 0;  // distinct viable ASINs listed in any `window_hours` of the run
  double arrivals_per_day = 0;              // viable ASINs listed for the first time, a day
  double mean_lifetime_hours = 0;           // first to last hour listed, per ASIN
  double reappearances_per_deal_day = 0;    // entry changes (a new lastUpdate) per ASIN and day listed
  std::int64_t distinct_total = 0;
};

class feed_supply {
public:
  explicit feed_supply(int window_hours) : window_hours_(window_hours) {}

  // The viable entries the feed lists at hour `hour` (0, 1, 2, ...).
  void observe(int hour, const std::vector<const keepa::deal*>& viable);
  supply_figures figures() const;

private:
  struct seen {
    int first_hour = 0;
    int last_hour = 0;
    int hours_listed = 0;
    int changes = 0;
    keepa::keepa_minute last_update = 0;
  };
  int window_hours_;
  int hours_ = 0;
  std::unordered_map<std::string, seen> asins_;
  std::deque<std::vector<std::string>> window_;  // the last window_hours_ snapshots
  std::unordered_map<std::string, int> in_window_;  // how many of those list each ASIN
  std::int64_t max_distinct_ = 0;
  std::int64_t first_snapshot_ = 0;
};

} // namespace capacity
