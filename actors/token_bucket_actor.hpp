// The token-bucket actor: every fetcher draws from it before calling Keepa.
#pragma once

#include "ingest/node_metrics.hpp"
#include "ingest/node_time.hpp"
#include "messages/messages.hpp"

#include <caf/fwd.hpp>

#include <memory>
#include <optional>

namespace kd {

struct token_bucket_config {
  std::int32_t refill_per_minute = 5;
  // Known balance at start. None: grants wait for the first adopted envelope
  // (the node's /token call), so a restart never assumes a full bucket.
  std::optional<std::int64_t> initial_balance;
  // Waits longer than this are logged, once each.
  std::chrono::seconds log_waits_over{10};
};

// Grants reservations by priority, then arrival; one that does not fit waits
// (its reply is delayed) until a refill or a settled call frees tokens. Every
// envelope it sees moves `time` (the node's clock) to the server's; `metrics`,
// when given, hears the balance, the waiting grants and the spend after each step.
token_bucket_actor spawn_token_bucket(caf::actor_system& sys, const token_bucket_config& config,
                                      std::shared_ptr<ingest::node_time> time = nullptr,
                                      std::shared_ptr<ingest::node_metrics> metrics = nullptr);

} // namespace kd
