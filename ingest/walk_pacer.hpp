// When a feed walk is worth its tokens. A walk costs at least one page (5
// tokens) however little changed; on a 5-token/min plan a walk every minute
// spends the whole budget on pages. The pacer learns how fast fresh entries
// arrive and lets the refiller walk once a page's worth is expected, or when
// the last walk is `max_wait` old, whichever is first; and, when a budget is
// set, never so often that pages take more than their share of the plan (a
// feed that changes faster than the plan can read is then read in larger,
// rarer walks: each changed deal once a walk, however often it changed).
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>

namespace ingest {

class walk_pacer {
public:
  walk_pacer(std::int64_t page_size, std::int64_t max_wait_seconds)
      : page_size_(page_size), max_wait_(max_wait_seconds) {}

  // Pages may spend at most `tokens_per_minute` on average.
  void set_budget(double tokens_per_minute) { budget_per_second_ = tokens_per_minute / 60.0; }

  // Fresh entries expected since the last walk, at the learned rate.
  double expected(std::int64_t now) const {
    return last_walk_ && rate_ ? *rate_ * static_cast<double>(now - *last_walk_) : 0;
  }

  bool due(std::int64_t now) const {
    if (!last_walk_ || !rate_)
      return true;  // the first walks teach the rate
    if (budget_per_second_ > 0 && static_cast<double>(now - *last_walk_) * budget_per_second_ < last_tokens_)
      return false;
    return now - *last_walk_ >= max_wait_ || expected(now) >= static_cast<double>(page_size_);
  }

  // A walk that began at `started` found `fresh` entries since the one
  // before, for `tokens` of pages.
  void walked(std::int64_t started, std::int64_t fresh, std::int64_t tokens = 0) {
    last_tokens_ = static_cast<double>(tokens);
    if (last_walk_ && started > *last_walk_) {
      const double observed = static_cast<double>(fresh) / static_cast<double>(started - *last_walk_);
      rate_ = rate_ ? 0.5 * *rate_ + 0.5 * observed : observed;
    }
    last_walk_ = started;
  }

  std::optional<double> rate_per_second() const { return rate_; }

private:
  std::int64_t page_size_;
  std::int64_t max_wait_;
  std::optional<std::int64_t> last_walk_;
  std::optional<double> rate_;
  double budget_per_second_ = 0;
  double last_tokens_ = 0;
};

} // namespace ingest
