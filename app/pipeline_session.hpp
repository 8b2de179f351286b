// A running pipeline as the replay jobs of `run` see it: an actor system, the
// wired actors, and blocking calls into them. A replay is not a scheduled
// job, so it may wait on replies; each call returns once the writer has
// committed. (The live node's jobs are actors: see actors/node.hpp.)
#pragma once

#include "actors/pipeline.hpp"
#include "app/run_config.hpp"

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/scoped_actor.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace app {

class pipeline_session {
public:
  pipeline_session(const run_config& config, const char* source_label,
                   std::shared_ptr<ingest::product_source> source);
  ~pipeline_session();

  // Routes `asins`; `not_viable` names new ones not worth a heavy fetch.
  // Nothing when routing failed (logged).
  std::optional<kd::route_summary> route(std::vector<std::string> asins, std::vector<std::string> not_viable = {});
  std::uint64_t janitor(std::int64_t now_unix, std::int32_t retention_hours);
  std::int64_t deal_count();
  std::string state(const std::string& key);  // "" when never saved
  bool save_state(const std::string& key, const std::string& value, std::int64_t updated_unix);

private:
  caf::actor_system_config cfg_;
  caf::actor_system sys_;
  kd::pipeline pipeline_;
  caf::scoped_actor self_;
};

// Logs both paths of a pass and prints its one-line summary on stdout.
void print_pass(const std::string& name, const kd::route_summary& s);
// True when no ASIN of the pass is left unwritten (failed ones stay queued).
bool fully_written(const kd::route_summary& s);

} // namespace app
