// What every scheduled job of a node shares: the pipeline's handles, the
// node's clock, the one who hears how each run ended, and the stop flag.
#pragma once

#include "actors/pipeline.hpp"
#include "ingest/node_time.hpp"

#include <caf/actor.hpp>
#include <caf/error.hpp>
#include <caf/message.hpp>

#include <atomic>
#include <memory>

namespace kd {

struct job_context {
  pipeline handles;
  std::shared_ptr<ingest::node_time> time;
  caf::actor listener;  // receives (job_done_atom, job_report) after each run; may be null
  std::shared_ptr<std::atomic<bool>> stopping = std::make_shared<std::atomic<bool>>(false);
};

// How one run ended, with what the node records about it.
struct run_result {
  std::string outcome = "ok";  // "ok", "failed" ("stopped" is decided by the shell)
  std::string detail;
  std::int64_t asins = 0;
  std::int64_t tokens = 0;
  bool fatal = false;
  // A run that decided there was nothing worth doing yet (a paced refiller,
  // outcome "skipped" like a busy tick): reported to the listener, logged at
  // debug, not written to job_runs.
  bool unrecorded = false;
};

// An error's own text where it carries one (a store or source message), else CAF's rendering.
inline std::string describe(const caf::error& e) {
  if (e.context().match_elements<std::string>())
    return e.context().get_as<std::string>(0);
  return to_string(e);
}

} // namespace kd
