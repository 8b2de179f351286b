// Keepa's token bucket as the server keeps it (keepa-api.md, "The token
// bucket"): refills once a minute at the plan's rate, holds at most an hour's
// worth, lets a request run while the balance is positive even if it goes
// negative.
#pragma once

#include <cstdint>
#include <optional>

namespace mock {

class token_bucket {
public:
  // `start_ms` is the first minute boundary's origin; `initial` defaults to
  // a full bucket.
  token_bucket(std::int32_t rate_per_minute, std::int64_t start_ms, std::optional<std::int64_t> initial);

  // Adds the refills of every minute boundary passed by `now_ms`.
  void catch_up(std::int64_t now_ms);

  bool admits() const { return balance_ > 0; }
  void charge(std::int64_t tokens) { balance_ -= tokens; }

  std::int64_t balance() const { return balance_; }
  std::int64_t capacity() const { return capacity_; }
  std::int32_t rate() const { return rate_; }
  // Milliseconds until the next refill, in (0, 60000].
  std::int32_t refill_in_ms(std::int64_t now_ms) const;

  static constexpr std::int64_t refill_period_ms = 60'000;
  static constexpr std::int64_t minutes_held = 60;

private:
  std::int32_t rate_;
  std::int64_t capacity_;
  std::int64_t balance_;
  std::int64_t next_refill_ms_;
};

} // namespace mock
