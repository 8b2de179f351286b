// The bucket's arithmetic; see token_bucket.hpp for the rules it follows.
#include "mock/token_bucket.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace mock {

token_bucket::token_bucket(std::int32_t rate_per_minute, std::int64_t start_ms, std::optional<std::int64_t> initial)
    : rate_(rate_per_minute),
      capacity_(static_cast<std::int64_t>(rate_per_minute) * minutes_held),
      balance_(initial.value_or(capacity_)),
      next_refill_ms_(start_ms + refill_period_ms) {
  if (rate_per_minute < 1)
    throw std::invalid_argument("token rate must be at least 1 token a minute, got " + std::to_string(rate_per_minute));
}

void token_bucket::catch_up(std::int64_t now_ms) {
  if (now_ms < next_refill_ms_)
    return;
  const std::int64_t refills = (now_ms - next_refill_ms_) / refill_period_ms + 1;
  next_refill_ms_ += refills * refill_period_ms;
  // A balance above the cap (a generous initial_tokens) is not cut back;
  // refills just stop adding until it falls below.
  if (balance_ < capacity_)
    balance_ = std::min(capacity_, balance_ + refills * rate_);
}

std::int32_t token_bucket::refill_in_ms(std::int64_t now_ms) const {
  return static_cast<std::int32_t>(std::clamp<std::int64_t>(next_refill_ms_ - now_ms, 1, refill_period_ms));
}

} // namespace mock
