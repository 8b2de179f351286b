// What the notifier does after each webhook attempt, decided without an
// actor, a socket or a clock: delivered, try again after a backoff, or give
// up. At-least-once delivery: anything that may be the network's or the
// receiver's passing trouble is retried; only a receiver that says it will
// never take the notification (a 4xx other than 408, 425 and 429) ends it.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace notify {

struct retry_policy {
  std::chrono::milliseconds first_backoff{1'000};  // after the first failed attempt
  double factor = 2.0;                             // each further failure waits this much longer
  std::chrono::milliseconds max_backoff{300'000};  // never more than 5 minutes between attempts
};

// How one attempt ended: the HTTP status, or no answer at all.
struct attempt_outcome {
  std::optional<int> status;  // none: no HTTP answer (connect, timeout, reset)
  std::string error;          // the client's text when there was no answer
};

enum class verdict { delivered, retry, give_up };

verdict judge(const attempt_outcome& outcome);

// The wait before the next try once `failed_attempts` (>= 1) have failed:
// first_backoff x factor^(failed_attempts - 1), capped at max_backoff.
std::chrono::milliseconds backoff(const retry_policy& policy, std::int32_t failed_attempts);

// "HTTP 503" or the client's error text: what the outbox records.
std::string describe(const attempt_outcome& outcome);

} // namespace notify
