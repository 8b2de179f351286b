// One keepa-deals node: one pipeline (one writer, one token bucket, the
// router, its fetchers and the feed pager) and the jobs that schedule
// themselves on the actor system's clock. The same node runs in production
// (CAF's threaded scheduler, real time) and in tests and the capacity
// benchmark (CAF's deterministic scheduler, simulated time); only the actor
// system and the source differ.
#pragma once

#include "actors/jobs.hpp"
#include "actors/notifier_actor.hpp"
#include "actors/pipeline.hpp"

#include <caf/fwd.hpp>

#include <chrono>
#include <memory>

namespace kd {

struct job_switches {
  bool refill = true;
  bool backfill = true;
  bool janitor = true;
};

struct schedule_config {
  std::chrono::minutes refill_every{1};
  std::chrono::minutes backfill_every{30};
  std::chrono::hours janitor_every{4};
};

struct node_config {
  pipeline_config pipeline;
  schedule_config schedule;
  job_switches jobs;
  bool once = false;  // each enabled job runs once
  refiller_config refill;
  backfiller_config backfill;
  janitor_config janitor;
  // [notify]: the webhook the outbox goes to (a long-running node only: a
  // --once run leaves its notifications in the outbox for the next node).
  notifier_config notify;
};

struct node {
  job_context context;
  job_actor refiller, backfiller, janitor;  // null when switched off
  job_actor drainer;  // the pending queue's fetcher: optimal, not --once
  notifier_actor notifier;  // null without a webhook or with --once

  // Graceful stop: no new runs, token waits abandoned (the runs waiting on
  // them end as "stopped"); what is in flight still commits. Call
  // shutdown() once the runs have reported.
  void stop();
  // Ends every actor of the node.
  void shutdown();
  std::size_t jobs_enabled() const;
};

// Spawns the node. The jobs start once the free /token call answered, so the
// bucket starts from the real balance and every "now" from the server's
// clock; if /token fails the bucket starts empty (logged).
node spawn_node(caf::actor_system& sys, const node_config& config, std::shared_ptr<ingest::product_source> source,
                std::shared_ptr<ingest::node_time> time, caf::actor listener);

} // namespace kd
