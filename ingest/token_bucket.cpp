// The bucket refills in whole minutes, as Keepa's does.
#include "ingest/token_bucket.hpp"

#include <algorithm>

namespace ingest {

using namespace std::chrono_literals;

token_bucket::token_bucket(std::int32_t refill_per_minute, std::int64_t balance, clock::time_point now)
    : refill_per_minute_(std::max(refill_per_minute, 1)), balance_(balance), next_refill_(now + 1min) {}

void token_bucket::refill(clock::time_point now) {
  if (now < next_refill_)
    return;
  const auto minutes = 1 + (now - next_refill_) / 1min;
  balance_ = std::min(capacity(), balance_ + minutes * refill_per_minute_);
  next_refill_ += minutes * 1min;
}

std::int64_t token_bucket::available(clock::time_point now) {
  refill(now);
  return balance_ - reserved_;
}

bool token_bucket::try_reserve(std::int64_t estimate, clock::time_point now) {
  if (available(now) <= 0)
    return false;
  reserved_ += estimate;
  return true;
}

token_bucket::clock::duration token_bucket::wait_for_grant(clock::time_point now) {
  const auto free = available(now);
  if (free > 0)
    return clock::duration::zero();
  // Refills of refill_per_minute_ land at next_refill_, then every minute.
  const auto refills = (1 - free + refill_per_minute_ - 1) / refill_per_minute_;
  return (next_refill_ - now) + (refills - 1) * 1min;
}

void token_bucket::settle(std::int64_t estimate, const keepa::envelope& env, clock::time_point now) {
  cancel(estimate);
  // The envelope's balance already has this call's real cost taken off.
  balance_ = env.tokens_left;
  if (env.refill_rate > 0)
    refill_per_minute_ = env.refill_rate;
  next_refill_ = now + std::chrono::milliseconds(std::max(env.refill_in_ms, 0));
}

void token_bucket::cancel(std::int64_t estimate) { reserved_ = std::max<std::int64_t>(0, reserved_ - estimate); }

} // namespace ingest
