// A local model of Keepa's token bucket, so fetchers wait here instead of
// being refused with 429. Pure: the caller passes the time in.
#pragma once

#include "keepa/product.hpp"

#include <chrono>
#include <cstdint>

namespace ingest {

class token_bucket {
public:
  using clock = std::chrono::steady_clock;

  // Keepa refills every minute at `refill_per_minute` and keeps at most an
  // hour's worth; a fresh plan starts full unless told otherwise.
  token_bucket(std::int32_t refill_per_minute, std::int64_t balance, clock::time_point now);

  // Keepa runs a call whenever the balance is positive, even if the call takes
  // it negative; the bucket grants on the same rule, against the balance less
  // what in-flight calls have reserved, so no call is sent that Keepa would
  // refuse.
  bool try_reserve(std::int64_t estimate, clock::time_point now);

  // A call finished: the server's envelope is the truth about the balance and
  // the refill schedule. Releases the call's reservation.
  void settle(std::int64_t estimate, const keepa::envelope& env, clock::time_point now);
  // A call failed before the server answered: only release its reservation.
  void cancel(std::int64_t estimate);

  // When the next refill lands (for a wake-up timer).
  clock::time_point next_refill() const { return next_refill_; }
  // How long until a reservation would be granted: zero when one fits now,
  // else until the refill that takes the free balance above zero.
  clock::duration wait_for_grant(clock::time_point now);
  std::int64_t available(clock::time_point now);
  std::int64_t balance() const { return balance_; }
  std::int64_t reserved() const { return reserved_; }
  std::int64_t capacity() const { return 60 * std::int64_t{refill_per_minute_}; }
  std::int32_t refill_per_minute() const { return refill_per_minute_; }

private:
  void refill(clock::time_point now);

  std::int32_t refill_per_minute_;
  std::int64_t balance_;
  std::int64_t reserved_ = 0;
  clock::time_point next_refill_;
};

} // namespace ingest
