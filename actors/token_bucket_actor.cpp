// A thin shell around ingest::token_bucket: queues reservations as response
// promises and wakes itself at the next refill.
#include "actors/token_bucket_actor.hpp"

#include "ingest/token_bucket.hpp"

#include <caf/actor_system.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_response_promise.hpp>

#include <deque>
#include <optional>

namespace kd {
namespace {

struct waiting_reservation {
  std::int64_t estimate;
  caf::typed_response_promise<std::int64_t> promise;
};

struct bucket_state {
  std::optional<ingest::token_bucket> bucket;
  std::deque<waiting_reservation> waiting;
  bool tick_scheduled = false;
};

using bucket_pointer = token_bucket_actor::stateful_pointer<bucket_state>;

// Grants the oldest reservations that fit now; schedules a wake-up for the rest.
void grant_waiting(bucket_pointer self) {
  auto& s = self->state;
  const auto now = self->clock().now();
  while (!s.waiting.empty() && s.bucket->try_reserve(s.waiting.front().estimate, now)) {
    s.waiting.front().promise.deliver(s.waiting.front().estimate);
    s.waiting.pop_front();
  }
  if (!s.waiting.empty() && !s.tick_scheduled) {
    s.tick_scheduled = true;
    const auto wait = std::max(s.bucket->next_refill() - now, caf::timespan{std::chrono::milliseconds(1)});
    self->delayed_send(self, wait, tick_atom::value);
  }
}

token_bucket_actor::behavior_type bucket_behavior(bucket_pointer self, token_bucket_config config) {
  self->state.bucket.emplace(config.refill_per_minute, config.initial_balance, self->clock().now());
  return {
      [self](reserve_atom, std::int64_t estimate) -> caf::result<std::int64_t> {
        auto& s = self->state;
        if (s.waiting.empty() && s.bucket->try_reserve(estimate, self->clock().now()))
          return estimate;
        auto promise = self->make_response_promise<std::int64_t>();
        s.waiting.push_back({estimate, promise});
        grant_waiting(self);
        return promise;
      },
      [self](settle_atom, std::int64_t estimate, const keepa::envelope& env) {
        self->state.bucket->settle(estimate, env, self->clock().now());
        grant_waiting(self);
      },
      [self](cancel_atom, std::int64_t estimate) {
        self->state.bucket->cancel(estimate);
        grant_waiting(self);
      },
      [self](tick_atom) {
        self->state.tick_scheduled = false;
        grant_waiting(self);
      },
      [self](status_atom) {
        auto& s = self->state;
        return bucket_status{s.bucket->available(self->clock().now()), s.bucket->reserved(), s.waiting.size()};
      },
  };
}

} // namespace

token_bucket_actor spawn_token_bucket(caf::actor_system& sys, const token_bucket_config& config) {
  return sys.spawn(bucket_behavior, config);
}

} // namespace kd
