// A running pipeline as the jobs of `run` see it: an actor system, the wired
// actors, and blocking calls into them. The jobs are not actors, so they may
// wait on replies; each call returns once the writer has committed.
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

  // Calls outside the router (the deal feed) draw from the same bucket.
  void reserve_tokens(std::int64_t estimate);
  void settle_tokens(std::int64_t estimate, const keepa::envelope& env);
  void cancel_tokens(std::int64_t estimate);

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
