// `replay DIR` (and `run --replay DIR` on a capture, and the embedded
// default): what each recorded session's node did, offline, and how well the
// capture answered it.
#include "app/run_jobs.hpp"

#include "app/status_output.hpp"
#include "sim/capture_replay.hpp"
#include "storage/deal_store.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace app {
namespace {

std::string jobs_of(const capture::session_header& h) {
  std::string out;
  for (const auto& job : h.jobs)
    out += (out.empty() ? "" : ",") + job;
  return out;
}

void print_session(const sim::replayed_session& s) {
  fmt::print("session {} ({}, {} tokens/min, {}{}), recorded {} to {}\n", s.header.session, s.header.mode,
             s.header.token_rate, jobs_of(s.header), s.header.once ? ", once" : "",
             iso_utc(s.start_ms / 1000), iso_utc(s.end_ms / 1000));
  for (const auto& r : s.reports)
    if (r.outcome != "skipped")
      fmt::print("  {}: {}{}{}\n", r.job, r.outcome, r.detail.empty() ? "" : ": ", r.detail);
  const auto& c = s.counters;
  fmt::print("  capture: {} recorded calls, {} answered ({} with a recorded failure), {} unanswered "
             "({} ASINs), {} never asked for\n",
             s.calls, c.answered, c.recorded_failures, c.unanswered, c.asins_unanswered, c.calls_unused);
  for (const auto& what : c.unanswered_examples)
    fmt::print("  unanswered: {}\n", what);
}

} // namespace

int run_capture_replay(const run_config& config, const std::filesystem::path& dir, bool strict) {
  sim::replay_options options;
  options.dir = dir;
  options.node = config.node;
  options.node.pipeline.source_label = storage::source_upserter;
  // Off unless [analysis.llm] names a base URL and its key variable is set.
  options.node.pipeline.advisor = analysis::make_llm_advisor(config.llm);
  spdlog::info("replaying the capture {} into {}", dir.string(), config.db().string());
  const auto report = sim::replay_capture(options);
  bool failed = false;
  for (const auto& s : report.sessions) {
    print_session(s);
    for (const auto& r : s.reports)
      failed = failed || r.outcome == "failed";
  }
  storage::deal_store store{config.db(), config.node.pipeline.store};
  fmt::print("{} deals stored in {}\n", store.deal_count(), config.db().string());
  if (report.unanswered() > 0) {
    spdlog::warn("{} requests were not in the capture (the node asked for something it had not recorded); "
                 "each is counted above, none was made up", report.unanswered());
    if (strict)
      return 1;
  }
  return failed ? 1 : 0;
}

} // namespace app
