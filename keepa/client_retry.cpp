// Retry rules of the Keepa client (see client_retry.hpp).
#include "keepa/client_retry.hpp"

#include <algorithm>

namespace keepa {

retry_decision decide_for_status(int status) {
  if (status >= 200 && status < 300)
    return retry_decision::success;
  if (status == 429)
    return retry_decision::wait_for_tokens;
  if (status > 500 && status < 600)
    return retry_decision::back_off;
  return retry_decision::fail;
}

std::chrono::milliseconds backoff_delay(int retry, std::chrono::milliseconds cap) {
  if (retry <= 1)
    return std::chrono::milliseconds{0};
  const int shift = std::min(retry - 1, 30);
  const std::int64_t ms = 100 * ((std::int64_t{1} << shift) - 1);
  return std::min(std::chrono::milliseconds{ms}, cap);
}

std::chrono::milliseconds wait_for_tokens(const envelope& env, std::chrono::milliseconds margin) {
  std::int64_t wait = std::max<std::int64_t>(env.refill_in_ms, 0) + margin.count();
  if (env.tokens_left < 0 && env.refill_rate > 0) {
    // Refills needed for a positive balance; the first comes after refillIn.
    const std::int64_t refills = -static_cast<std::int64_t>(env.tokens_left) / env.refill_rate + 1;
    wait += (refills - 1) * 60'000;
  }
  return std::chrono::milliseconds{wait};
}

} // namespace keepa
