// The shell every job runs in: ticks on the actor system's clock at a fixed
// rate, one run at a time (a tick that finds the last run busy is skipped and
// logged), and a record of each run written through the writer with the
// tokens spent and the bucket as last seen, so `status` can show it.
#pragma once

#include "actors/job_context.hpp"
#include "messages/messages.hpp"

#include <caf/fwd.hpp>

#include <chrono>
#include <functional>
#include <string>

namespace kd {

// One run of a job: does its work through `self` and calls `finish` once.
using run_body = std::function<void(job_actor::pointer self, std::function<void(run_result)> finish)>;

struct job_schedule {
  std::string name;           // "refiller", "backfiller", "janitor"
  caf::timespan every{};      // time between ticks
  bool once = false;          // one run, then no more ticks
};

// The job waits for its first tick (the node sends it once the balance is
// known), then schedules itself.
job_actor spawn_scheduled_job(caf::actor_system& sys, job_schedule schedule, job_context context, run_body body);

} // namespace kd
