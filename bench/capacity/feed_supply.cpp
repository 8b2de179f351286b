#include "bench/capacity/feed_supply.hpp"

#include <algorithm>

namespace capacity {

void feed_supply::observe(int hour, const std::vector<const keepa::deal*>& viable) {
  hours_ = std::max(hours_, hour + 1);
  std::vector<std::string> listed;
  listed.reserve(viable.size());
  for (const keepa::deal* d : viable) {
    auto [it, fresh] = asins_.try_emplace(d->asin);
    seen& s = it->second;
    if (fresh) {
      s.first_hour = hour;
      s.last_update = d->last_update;
    } else if (d->last_update != s.last_update) {
      ++s.changes;
      s.last_update = d->last_update;
    }
    s.last_hour = hour;
    ++s.hours_listed;
    listed.push_back(d->asin);
  }
  if (hour == 0)
    first_snapshot_ = static_cast<std::int64_t>(listed.size());
  for (const auto& asin : listed)
    ++in_window_[asin];
  window_.push_back(std::move(listed));
  if (static_cast<int>(window_.size()) > window_hours_) {
    for (const auto& asin : window_.front())
      if (auto it = in_window_.find(asin); it != in_window_.end() && --it->second == 0)
        in_window_.erase(it);
    window_.pop_front();
  }
  max_distinct_ = std::max(max_distinct_, static_cast<std::int64_t>(in_window_.size()));
}

supply_figures feed_supply::figures() const {
  supply_figures f;
  f.max_distinct_in_window = max_distinct_;
  f.distinct_total = static_cast<std::int64_t>(asins_.size());
  if (asins_.empty() || hours_ < 2)
    return f;
  const double days = (hours_ - 1) / 24.0;
  f.arrivals_per_day = static_cast<double>(f.distinct_total - first_snapshot_) / days;
  double lifetime = 0;
  double changes = 0;
  double listed_days = 0;
  for (const auto& [asin, s] : asins_) {
    lifetime += s.last_hour - s.first_hour + 1;
    changes += s.changes;
    listed_days += s.hours_listed / 24.0;
  }
  f.mean_lifetime_hours = lifetime / static_cast<double>(asins_.size());
  f.reappearances_per_deal_day = listed_days > 0 ? changes / listed_days : 0;
  return f;
}

} // namespace capacity
