#include "notify/retry_policy.hpp"

#include <algorithm>
#include <cmath>

namespace notify {

verdict judge(const attempt_outcome& outcome) {
  if (!outcome.status)
    return verdict::retry;
  const int s = *outcome.status;
  if (s >= 200 && s < 300)
    return verdict::delivered;
  // Request timeout, too early, too many requests: the receiver asks us to come back.
  if (s == 408 || s == 425 || s == 429 || s >= 500)
    return verdict::retry;
  // Redirects are not followed (a webhook URL should be the endpoint), and any
  // other 4xx means this body will never be accepted as it is.
  return verdict::give_up;
}

std::chrono::milliseconds backoff(const retry_policy& policy, std::int32_t failed_attempts) {
  const double first = static_cast<double>(policy.first_backoff.count());
  const double cap = static_cast<double>(policy.max_backoff.count());
  const double exponent = static_cast<double>(std::max(failed_attempts, 1) - 1);
  // pow overflows to inf for large exponents, which the cap then bounds.
  const double wait = std::min(cap, first * std::pow(std::max(policy.factor, 1.0), exponent));
  return std::chrono::milliseconds(static_cast<std::int64_t>(wait));
}

std::string describe(const attempt_outcome& outcome) {
  if (outcome.status)
    return "HTTP " + std::to_string(*outcome.status);
  return outcome.error.empty() ? "no answer" : outcome.error;
}

} // namespace notify
