// The token-bucket actor: every fetcher draws from it before calling Keepa.
#pragma once

#include "messages/messages.hpp"

#include <caf/fwd.hpp>

namespace kd {

struct token_bucket_config {
  std::int32_t refill_per_minute = 5;
  std::int64_t initial_balance = 300;
};

// Grants reservations in arrival order; one that does not fit waits (its reply
// is delayed) until a refill or a settled call frees tokens.
token_bucket_actor spawn_token_bucket(caf::actor_system& sys, const token_bucket_config& config);

} // namespace kd
