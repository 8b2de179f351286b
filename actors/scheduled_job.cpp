#include "actors/scheduled_job.hpp"

#include <caf/actor_system.hpp>
#include <caf/send.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <spdlog/spdlog.h>

#include <optional>

namespace kd {
namespace {

struct job_state {
  // Not an aggregate: CAF constructs a state from the actor pointer when it
  // can, and C++20 would let that pointer initialize `busy`.
  job_state() = default;
  bool busy = false;
  bool stopped = false;
  std::int64_t started_utc = 0;
  std::optional<caf::actor_clock::time_point> next_due;
};

using job_pointer = job_actor::stateful_pointer<job_state>;

std::vector<storage::token_spend> spend_rows(const ingest::token_use& use, std::int64_t at) {
  std::vector<storage::token_spend> rows;
  auto add = [&](const char* kind, std::int64_t tokens) {
    if (tokens != 0)
      rows.push_back({at, kind, tokens});
  };
  add("deal_pages", use.deal_pages);
  add("heavy", use.heavy);
  add("offers", use.offers);
  add("light", use.light);
  return rows;
}

// The run's record, the spend since the last record, the bucket as last seen
// and when this job runs next: one transaction.
storage::write_batch record_of(const job_schedule& schedule, const job_state& s, const run_result& r,
                               std::int64_t ended, const ingest::token_use& spent, const bucket_status& bucket,
                               std::optional<std::int64_t> next_run) {
  storage::write_batch batch;
  batch.runs.push_back({schedule.name, s.started_utc, ended, r.outcome, r.detail, r.asins, r.tokens});
  batch.spend = spend_rows(spent, ended);
  batch.state.push_back({"node.clock_utc", std::to_string(ended), ended});
  if (bucket.known) {
    batch.state.push_back({"bucket.tokens_left", std::to_string(bucket.balance), ended});
    batch.state.push_back({"bucket.refill_rate", std::to_string(bucket.refill_rate), ended});
    batch.state.push_back({"bucket.refill_in_ms", std::to_string(bucket.refill_in_ms), ended});
  }
  if (next_run)
    batch.state.push_back({schedule.name + ".next_run_utc", std::to_string(*next_run), ended});
  return batch;
}

void finish_run(job_pointer self, const job_schedule& schedule, const job_context& ctx, run_result r) {
  if (ctx.stopping->load() && r.outcome != "ok")
    r.outcome = "stopped";
  const auto now = self->clock().now();
  const auto ended = ctx.time->unix_seconds(now);
  std::optional<std::int64_t> next_run;
  if (self->state.next_due && !ctx.stopping->load())
    next_run = ended + std::chrono::duration_cast<std::chrono::seconds>(*self->state.next_due - now).count();
  const auto level = r.unrecorded ? spdlog::level::debug
                     : r.outcome == "failed" ? spdlog::level::warn
                                             : spdlog::level::info;
  spdlog::log(level, "{}: {} ({} ASINs, {} tokens){}{}", schedule.name, r.outcome, r.asins, r.tokens,
              r.detail.empty() ? "" : ": ", r.detail);
  auto report = [self, ctx, r, name = schedule.name] {
    self->state.busy = false;
    if (ctx.listener)
      caf::anon_send(ctx.listener, job_done_atom::value, job_report{name, r.outcome, r.detail, r.asins, r.tokens, r.fatal});
  };
  if (r.unrecorded) {
    report();
    return;
  }
  auto on_error = [report, name = schedule.name](caf::error& e) {
    spdlog::error("{}: the run's record was not written: {}", name, describe(e));
    report();
  };
  self->request(ctx.handles.bucket, caf::infinite, spend_atom::value)
      .then(
          [=](const ingest::token_use& spent) {
            self->request(ctx.handles.bucket, caf::infinite, status_atom::value)
                .then(
                    [=](const bucket_status& bucket) {
                      auto batch = record_of(schedule, self->state, r, ended, spent, bucket, next_run);
                      self->request(ctx.handles.writer, caf::infinite, write_atom::value, std::move(batch))
                          .then([report](const storage::batch_result&) { report(); }, on_error);
                    },
                    on_error);
          },
          on_error);
}

job_actor::behavior_type job_behavior(job_pointer self, job_schedule schedule, job_context ctx, run_body body) {
  return {
      [=](tick_atom) {
        auto& s = self->state;
        if (s.stopped || ctx.stopping->load())
          return;
        const auto now = self->clock().now();
        if (!schedule.once) {
          // A fixed rate from the first tick, whatever each run takes.
          s.next_due = s.next_due.value_or(now) + schedule.every;
          self->delayed_send(self, std::max(*s.next_due - now, caf::timespan::zero()), tick_atom::value);
        }
        if (s.busy) {
          spdlog::info("{}: the previous run (started {} s ago) is still busy; skipping this tick", schedule.name,
                       ctx.time->unix_seconds(now) - s.started_utc);
          if (ctx.listener)
            caf::anon_send(ctx.listener, job_done_atom::value, job_report{schedule.name, "skipped", "", 0, 0, false});
          return;
        }
        s.busy = true;
        s.started_utc = ctx.time->unix_seconds(now);
        spdlog::debug("{}: run starts", schedule.name);
        body(self, [=](run_result r) { finish_run(self, schedule, ctx, std::move(r)); });
      },
      [=](stop_atom) {
        self->state.stopped = true;
        self->state.next_due.reset();
        return self->state.busy;
      },
  };
}

} // namespace

job_actor spawn_scheduled_job(caf::actor_system& sys, job_schedule schedule, job_context context, run_body body) {
  return sys.spawn(job_behavior, std::move(schedule), std::move(context), std::move(body));
}

} // namespace kd
