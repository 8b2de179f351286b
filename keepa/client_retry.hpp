// The retry rules of the Keepa client, as pure functions (after the official
// Java client; keepa-api.md, "The token bucket" and "Errors").
#pragma once

#include "keepa/product.hpp"

#include <chrono>

namespace keepa {

struct retry_policy {
  int max_attempts = 8;                          // per request, for back-off failures
  std::chrono::milliseconds backoff_cap{60'000};
  int max_token_waits = 100;                     // 429s waited out per request
  std::chrono::milliseconds token_wait_margin{100};
};

enum class retry_decision {
  success,
  wait_for_tokens,  // 429: wait refillIn (+ negative balance) and retry
  back_off,         // 5xx other than 500, network, broken gzip or JSON
  fail,             // 400/402/404/405/500 and other 4xx: the server's message
};

retry_decision decide_for_status(int http_status);

// Delay before retry number `retry` (1-based): 0, 100, 300, 700, 1500 ms, ...
// (100 x (2^(retry-1) - 1)), at most `cap`.
std::chrono::milliseconds backoff_delay(int retry, std::chrono::milliseconds cap);

// After a 429: refillIn brings the next refill; when the balance is negative,
// each further minute brings refillRate more, until the balance is above zero.
std::chrono::milliseconds wait_for_tokens(const envelope& env, std::chrono::milliseconds margin);

} // namespace keepa
