// `keepa-deals replay DIR`: the whole node, offline, on a capture. Each
// recorded session runs as it ran (its mode, --once, jobs and plan rate)
// against the capture's answers, on one simulated clock that starts at the
// session's first recorded timestamp and follows the recorded envelopes.
// Sessions run one after another into the same store. Deterministic: the
// same capture gives the same rows.
#pragma once

#include "actors/node.hpp"
#include "capture/capture_source.hpp"
#include "ingest/ingest_counters.hpp"

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace sim {

struct replay_options {
  std::filesystem::path dir;
  kd::node_config node;  // the store and the analysis; mode, once, jobs and rate come from each session
  // A long-running session ends once every recorded call was asked for, or
  // this long after its last recorded timestamp.
  std::chrono::minutes tail{10};
};

struct replayed_session {
  capture::session_header header;
  ingest::ingest_figures ingested;  // what each path did
  std::size_t calls = 0;
  capture::replay_counters counters;
  std::vector<kd::job_report> reports;
  std::int64_t start_ms = 0, end_ms = 0;  // the recorded envelopes' first and last timestamps
};

struct replay_report {
  std::vector<replayed_session> sessions;
  std::int64_t unanswered() const;
};

// Throws std::runtime_error on a malformed capture (named by file and line).
replay_report replay_capture(const replay_options& options);
// One session, into options.node's store (for a benchmark that times each).
replayed_session replay_session(const capture::recorded_session& session, const replay_options& options);

} // namespace sim
