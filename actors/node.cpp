#include "actors/node.hpp"

#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/exit_reason.hpp>
#include <caf/send.hpp>
#include <spdlog/spdlog.h>

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(ingest::token_fetch)

namespace kd {
namespace {

// Asks /token, hands the envelope to the bucket, then sends each job its
// first tick, and quits.
void start_jobs(caf::actor_system& sys, std::shared_ptr<ingest::product_source> source, token_bucket_actor bucket,
                std::shared_ptr<ingest::node_time> time, std::vector<job_actor> jobs, std::int32_t configured_rate) {
  sys.spawn([=](caf::event_based_actor* self) -> caf::behavior {
    auto me = caf::actor_cast<caf::actor>(self);
    source->fetch_tokens([me](ingest::token_fetch f) { caf::anon_send(me, std::move(f)); });
    return {
        [=](ingest::token_fetch& f) {
          if (f.error) {
            // An unknown balance is not an empty one. Keepa runs a call while
            // the balance is positive and answers 429, free, when it is not, so
            // the first call may try on one minute's refill; its answer's
            // envelope then says what the balance really is.
            spdlog::warn("tokens: the balance could not be read ({}); assuming one minute's refill, {} tokens, "
                         "until Keepa's first answer",
                         *f.error, configured_rate);
            f.env = {};
            f.env.tokens_left = configured_rate;
            f.env.refill_rate = configured_rate;
            f.env.refill_in_ms = 60'000;
          } else {
            spdlog::info("tokens: {} left, {}/min, next refill in {} s", f.env.tokens_left, f.env.refill_rate,
                         f.env.refill_in_ms / 1000);
          }
          // The clock first: the jobs' first ticks may run before the bucket
          // has read the envelope.
          time->observe(f.env.timestamp_ms, self->clock().now());
          if (f.error)
            self->send(bucket, assume_atom::value, f.env);
          else
            self->send(bucket, adopt_atom::value, f.env);
          for (const auto& job : jobs)
            self->send(job, tick_atom::value);
          self->quit();
        },
    };
  });
}

} // namespace

node spawn_node(caf::actor_system& sys, const node_config& config, std::shared_ptr<ingest::product_source> source,
                std::shared_ptr<ingest::node_time> time, caf::actor listener) {
  // The optimal mode leans on the refiller: it sees every change in the feed,
  // so full walks are needed only when it fell behind, and the janitor holds
  // back whatever the feed may still list. Without a refiller neither holds.
  // A long-running node also lets walks end without waiting for their new
  // deals: those go on the pending queue, which the drainer fetches.
  const auto& policy = config.pipeline.policy;
  const bool refiller_covers = config.jobs.refill && policy.mode == ingest::ingest_mode::optimal;
  const bool drained = refiller_covers && !config.once;
  auto pipeline_cfg = config.pipeline;
  pipeline_cfg.time = time;
  pipeline_cfg.queue_new_deals = drained;
  node n;
  n.context.handles = spawn_pipeline(sys, pipeline_cfg, source);
  n.context.time = std::move(time);
  n.context.listener = std::move(listener);
  std::vector<job_actor> jobs;
  auto every = [](auto d) { return std::chrono::duration_cast<caf::timespan>(d); };
  auto refill = config.refill;
  refill.paced = drained;
  refill.page_budget_per_minute = refill.page_share * config.pipeline.bucket.refill_per_minute;
  auto backfill = config.backfill;
  backfill.only_when_needed = refiller_covers;
  auto janitor = config.janitor;
  janitor.spare_possibly_listed = refiller_covers;
  janitor.reject_cooldown_seconds = policy.remembers_rejects() ? policy.reject_cooldown_seconds : 0;
  if (drained)
    jobs.push_back(n.drainer = spawn_scheduled_job(sys, {"drainer", every(config.schedule.refill_every), false},
                                                    n.context, drainer_body({}, n.context)));
  if (config.jobs.refill)
    jobs.push_back(n.refiller = spawn_scheduled_job(sys, {"refiller", every(config.schedule.refill_every), config.once},
                                                     n.context, refiller_body(refill, n.context)));
  if (config.jobs.backfill)
    jobs.push_back(n.backfiller =
                       spawn_scheduled_job(sys, {"backfiller", every(config.schedule.backfill_every), config.once},
                                           n.context, backfiller_body(backfill, n.context)));
  if (config.jobs.janitor)
    jobs.push_back(n.janitor = spawn_scheduled_job(sys, {"janitor", every(config.schedule.janitor_every), config.once},
                                                    n.context, janitor_body(janitor, n.context)));
  if (!config.notify.webhook_url.empty() && !config.once)
    n.notifier = spawn_notifier(sys, config.notify, n.context.handles.writer, n.context.time);
  start_jobs(sys, std::move(source), n.context.handles.bucket, n.context.time, std::move(jobs),
             config.pipeline.bucket.refill_per_minute);
  return n;
}

void node::stop() {
  context.stopping->store(true);
  for (const auto& job : {refiller, backfiller, janitor, drainer})
    if (job)
      caf::anon_send(job, stop_atom::value);
  caf::anon_send(context.handles.bucket, abandon_atom::value);
}

void node::shutdown() {
  for (const auto& job : {refiller, backfiller, janitor, drainer})
    if (job)
      caf::anon_send_exit(job, caf::exit_reason::user_shutdown);
  // An attempt in flight is not recorded: that row is sent again by the next node (same key).
  if (notifier)
    caf::anon_send_exit(notifier, caf::exit_reason::user_shutdown);
  context.handles.stop();
}

std::size_t node::jobs_enabled() const {
  return (refiller ? 1u : 0u) + (backfiller ? 1u : 0u) + (janitor ? 1u : 0u) + (drainer ? 1u : 0u);
}

} // namespace kd
