#include "sim/capture_replay.hpp"

#include "capture/capture_index.hpp"
#include "ingest/ingest_policy.hpp"
#include "sim/simulated_node.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <stdexcept>

namespace sim {
namespace {

using namespace std::chrono_literals;

kd::node_config config_for(const kd::node_config& base, const capture::session_header& h, std::string_view where) {
  kd::node_config c = base;
  const auto mode = ingest::parse_ingest_mode(h.mode);
  if (!mode)
    throw std::runtime_error(fmt::format("{}: unknown mode '{}'", where, h.mode));
  c.pipeline.policy.mode = *mode;
  c.pipeline.policy.heavy_offers = ingest::policy_for(*mode).heavy_offers;
  c.pipeline.bucket.refill_per_minute = h.token_rate;
  c.once = h.once;
  if (h.refill_feed)
    c.refill.selection = *h.refill_feed;
  if (h.backfill_feed)
    c.backfill.selection = *h.backfill_feed;
  const auto& l = h.limits;
  if (l.refill_max_pages > 0) c.refill.max_pages = static_cast<int>(l.refill_max_pages);
  if (l.backfill_max_pages > 0) c.backfill.max_pages = static_cast<int>(l.backfill_max_pages);
  if (l.backfill_max_deals > 0) c.backfill.max_deals = static_cast<std::size_t>(l.backfill_max_deals);
  if (l.backfill_chunk > 0) c.backfill.chunk_size = static_cast<std::size_t>(l.backfill_chunk);
  if (l.light_max_age_seconds > 0) c.pipeline.policy.light_max_age_seconds = l.light_max_age_seconds;
  c.jobs = {false, false, false};
  for (const auto& job : h.jobs) {
    if (job == "refill") c.jobs.refill = true;
    else if (job == "backfill") c.jobs.backfill = true;
    else if (job == "janitor") c.jobs.janitor = true;
    else throw std::runtime_error(fmt::format("{}: unknown job '{}'", where, job));
  }
  return c;
}

std::size_t reports_of_runs(const std::vector<kd::job_report>& reports) {
  std::size_t n = 0;
  for (const auto& r : reports)
    n += r.outcome != "skipped";
  return n;
}

} // namespace

replayed_session replay_session(const capture::recorded_session& recorded, const replay_options& options) {
  replayed_session out;
  out.header = recorded.header;
  out.calls = recorded.calls.size();
  const auto where = recorded.dir.string();
  auto config = config_for(options.node, recorded.header, where);
  auto counters = std::make_shared<ingest::ingest_counters>();
  config.pipeline.counters = counters;
  const std::size_t jobs = std::size_t{config.jobs.refill} + config.jobs.backfill + config.jobs.janitor;
  auto source = std::make_shared<capture::capture_source>(recorded);
  // A session recorded without any envelope (all failed) still needs a start.
  const std::int64_t start = recorded.first_timestamp_ms > 0 ? recorded.first_timestamp_ms : 0;
  simulated_node node(config, source, start);
  out.start_ms = recorded.first_timestamp_ms;
  out.end_ms = recorded.last_timestamp_ms;
  const std::int64_t end_by = std::max(recorded.last_timestamp_ms, start) +
                              std::chrono::duration_cast<std::chrono::milliseconds>(options.tail).count();
  // Once runs end by themselves; a long-running node is stopped when the
  // capture has nothing more to say to it.
  for (;;) {
    node.run_for(1min);
    if (config.once ? reports_of_runs(node.reports()) >= jobs : source->calls_left() == 0)
      break;
    if (node.now_unix_ms() > end_by)
      break;
  }
  node.stop();
  out.reports = node.reports();
  out.counters = source->counters();
  out.ingested = counters->read();
  return out;
}

std::int64_t replay_report::unanswered() const {
  std::int64_t n = 0;
  for (const auto& s : sessions)
    n += s.counters.unanswered;
  return n;
}

replay_report replay_capture(const replay_options& options) {
  replay_report report;
  for (const auto& session : capture::load_capture(options.dir)) {
    spdlog::info("replay: session {} ({} calls, mode {}{})", session.header.session, session.calls.size(),
                 session.header.mode, session.header.once ? ", once" : "");
    report.sessions.push_back(replay_session(session, options));
  }
  return report;
}

} // namespace sim
