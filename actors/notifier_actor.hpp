// The notifier: delivers the outbox to a webhook, oldest first, one at a time,
// at least once. A notification is marked sent only after a 2xx; a failed
// attempt waits its backoff (notify/retry_policy.hpp decides) and is tried
// again, so order is kept and nothing is skipped; only a receiver that refuses
// it (a 4xx) ends it as failed, kept in the outbox with the answer.
#pragma once

#include "ingest/node_time.hpp"
#include "messages/messages.hpp"
#include "notify/retry_policy.hpp"

#include <caf/fwd.hpp>

#include <chrono>
#include <memory>
#include <string>

namespace kd {

struct notifier_config {
  std::string webhook_url;  // [notify] webhook_url; empty: no notifier
  std::chrono::milliseconds timeout{10'000};     // connect, and each read or write
  notify::retry_policy retry;
  std::chrono::milliseconds poll_every{30'000};  // how often an empty outbox is looked at again
  std::size_t batch = 50;                        // outbox rows read at a time
  std::string ca_file;                           // extra CA bundle for an HTTPS webhook
};

// Starts at once with a look at the outbox. `time` gives the delivery times
// recorded (none: 0).
notifier_actor spawn_notifier(caf::actor_system& sys, notifier_config config, writer_actor writer,
                              std::shared_ptr<ingest::node_time> time);

} // namespace kd
