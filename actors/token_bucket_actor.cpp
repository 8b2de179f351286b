// A thin shell around ingest::token_bucket and ingest::grant_queue: queues
// reservations as response promises and wakes itself at the next refill.
#include "actors/token_bucket_actor.hpp"

#include "ingest/grant_queue.hpp"
#include "ingest/token_bucket.hpp"

#include <caf/actor_system.hpp>
#include <caf/sec.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <caf/typed_response_promise.hpp>
#include <spdlog/spdlog.h>

#include <optional>

namespace kd {
namespace {

struct waiting_reservation {
  std::int64_t estimate;
  caf::typed_response_promise<std::int64_t> promise;
};

struct bucket_state {
  token_bucket_config config;
  std::optional<ingest::token_bucket> bucket;  // none until the balance is known
  ingest::grant_queue<waiting_reservation> waiting;
  std::shared_ptr<ingest::node_time> time;
  std::shared_ptr<ingest::node_metrics> metrics;
  ingest::token_use spent;
  ingest::token_use unrecorded;
  std::optional<std::uint64_t> logged_wait;  // the reservation whose wait was logged
  bool tick_scheduled = false;
  bool abandoned = false;
  bool held = false;  // the writer cannot write: no grants
  bool assumed = false;  // the balance is the node's guess, not yet Keepa's
};

using bucket_pointer = token_bucket_actor::stateful_pointer<bucket_state>;

void log_long_wait(bucket_pointer self, caf::timespan wait) {
  auto& s = self->state;
  if (wait < s.config.log_waits_over || s.logged_wait == s.waiting.front_id())
    return;
  s.logged_wait = s.waiting.front_id();
  spdlog::info("tokens: waiting {} s for {} tokens (balance {}, {}/min); {} calls waiting",
               std::chrono::duration_cast<std::chrono::seconds>(wait).count(), s.waiting.front().estimate,
               s.bucket->balance(), s.bucket->refill_per_minute(), s.waiting.size());
}

// Grants waiting reservations in priority order while they fit; schedules a
// wake-up at the refill that lets the first of the rest through.
void grant_waiting(bucket_pointer self) {
  auto& s = self->state;
  if (!s.bucket || s.held)
    return;
  const auto now = self->clock().now();
  auto spare_only = [&] {
    return s.waiting.front_priority() >= ingest::spare_priority &&
           s.bucket->available(now) - s.waiting.front().estimate < s.bucket->capacity() / 2;
  };
  while (!s.waiting.empty() && !spare_only() && s.bucket->try_reserve(s.waiting.front().estimate, now)) {
    auto granted = s.waiting.pop();
    granted.promise.deliver(granted.estimate);
  }
  if (s.waiting.empty() || s.tick_scheduled)
    return;
  // A spare-only call waits for refills to fill the bucket, not for a positive balance.
  const auto wait = spare_only() ? std::max(s.bucket->next_refill() - now, caf::timespan{std::chrono::seconds(1)})
                                 : s.bucket->wait_for_grant(now);
  log_long_wait(self, wait);
  s.tick_scheduled = true;
  self->delayed_send(self, std::max(wait, caf::timespan{std::chrono::milliseconds(1)}), tick_atom::value);
}

// The gauges /metrics shows, after every step that may move them.
void publish(bucket_pointer self) {
  auto& s = self->state;
  if (!s.metrics || !s.bucket)
    return;
  const auto available = s.bucket->available(self->clock().now());
  s.metrics->set_bucket(available + s.bucket->reserved(), s.bucket->reserved(),
                        static_cast<std::int64_t>(s.waiting.size()), !s.assumed);
}

void adopt(bucket_pointer self, const keepa::envelope& env) {
  auto& s = self->state;
  const auto now = self->clock().now();
  if (s.time)
    s.time->observe(env.timestamp_ms, now);
  if (!s.bucket)
    s.bucket.emplace(env.refill_rate > 0 ? env.refill_rate : s.config.refill_per_minute, env.tokens_left, now);
  s.bucket->settle(0, env, now);
  s.assumed = false;
}

token_bucket_actor::behavior_type bucket_behavior(bucket_pointer self, token_bucket_config config,
                                                  std::shared_ptr<ingest::node_time> time,
                                                  std::shared_ptr<ingest::node_metrics> metrics) {
  auto& s = self->state;
  s.config = config;
  s.time = std::move(time);
  s.metrics = std::move(metrics);
  if (config.initial_balance)
    s.bucket.emplace(config.refill_per_minute, *config.initial_balance, self->clock().now());
  return {
      [self](reserve_atom, std::int64_t estimate, int priority) -> caf::result<std::int64_t> {
        auto& s = self->state;
        if (s.abandoned)
          return caf::make_error(caf::sec::runtime_error, "the node is stopping: no more token grants");
        if (s.bucket && !s.held && s.waiting.empty() && s.bucket->try_reserve(estimate, self->clock().now())) {
          publish(self);
          return estimate;
        }
        auto promise = self->make_response_promise<std::int64_t>();
        s.waiting.push(priority, {estimate, promise});
        grant_waiting(self);
        publish(self);
        return promise;
      },
      [self](settle_atom, std::int64_t estimate, const keepa::envelope& env, const ingest::token_use& use) {
        auto& s = self->state;
        s.spent += use;
        s.unrecorded += use;
        if (s.metrics)
          s.metrics->add_spent(use);
        if (s.bucket)
          s.bucket->cancel(estimate);
        adopt(self, env);
        grant_waiting(self);
        publish(self);
      },
      [self](cancel_atom, std::int64_t estimate) {
        if (self->state.bucket)
          self->state.bucket->cancel(estimate);
        grant_waiting(self);
        publish(self);
      },
      [self](adopt_atom, const keepa::envelope& env) {
        adopt(self, env);
        grant_waiting(self);
        publish(self);
      },
      [self](assume_atom, const keepa::envelope& env) {
        adopt(self, env);
        self->state.assumed = true;
        grant_waiting(self);
        publish(self);
      },
      [self](abandon_atom) {
        auto& s = self->state;
        s.abandoned = true;
        for (auto& w : s.waiting.drain())
          w.promise.deliver(caf::make_error(caf::sec::runtime_error, "the node is stopping: token wait abandoned"));
      },
      [self](tick_atom) {
        self->state.tick_scheduled = false;
        grant_waiting(self);
        publish(self);
      },
      [self](hold_atom, bool hold) {
        self->state.held = hold;
        grant_waiting(self);
      },
      [self](status_atom) {
        auto& s = self->state;
        bucket_status out;
        out.waiting = s.waiting.size();
        out.spent = s.spent;
        if (s.bucket) {
          const auto now = self->clock().now();
          out.known = true;
          out.available = s.bucket->available(now);
          out.reserved = s.bucket->reserved();
          out.balance = s.bucket->balance();
          out.refill_rate = s.bucket->refill_per_minute();
          out.refill_in_ms = std::chrono::duration_cast<std::chrono::milliseconds>(s.bucket->next_refill() - now).count();
        }
        return out;
      },
      [self](spend_atom) { return std::exchange(self->state.unrecorded, ingest::token_use{}); },
  };
}

} // namespace

token_bucket_actor spawn_token_bucket(caf::actor_system& sys, const token_bucket_config& config,
                                      std::shared_ptr<ingest::node_time> time,
                                      std::shared_ptr<ingest::node_metrics> metrics) {
  return sys.spawn(bucket_behavior, config, std::move(time), std::move(metrics));
}

} // namespace kd
