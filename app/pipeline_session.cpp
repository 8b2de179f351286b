#include "app/pipeline_session.hpp"

#include "ingest/grant_queue.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace app {
namespace {

kd::pipeline_config pipeline_config_of(const run_config& c, const char* source_label) {
  kd::pipeline_config p = c.node.pipeline;
  // A replay's meter starts full: it bills, it does not throttle.
  p.bucket.initial_balance = 60 * static_cast<std::int64_t>(c.token_rate());
  p.source_label = source_label;
  // Off unless [analysis.llm] names a base URL and its key variable is set.
  p.advisor = analysis::make_llm_advisor(c.llm);
  return p;
}

void log_path(const char* name, const kd::path_summary& s) {
  spdlog::info("{} path: {} ASINs in {} requests, {} written, {} not deals, {} missing, {} failed; "
               "{} tokens (estimated {})",
               name, s.requested, s.requests, s.written, s.rejected, s.missing.size(), s.failed.size(),
               s.tokens_consumed, s.tokens_estimated);
}

} // namespace

pipeline_session::pipeline_session(const run_config& config, const char* source_label,
                                   std::shared_ptr<ingest::product_source> source)
    : sys_(cfg_), pipeline_(kd::spawn_pipeline(sys_, pipeline_config_of(config, source_label), std::move(source))),
      self_(sys_) {}

pipeline_session::~pipeline_session() { pipeline_.stop(); }

std::optional<kd::route_summary> pipeline_session::route(std::vector<std::string> asins,
                                                         std::vector<std::string> not_viable) {
  std::optional<kd::route_summary> out;
  self_->request(pipeline_.router, caf::infinite, kd::route_atom::value, std::move(asins), std::move(not_viable),
                 int{ingest::backfiller_priority})
      .receive([&](kd::route_summary& s) { out = std::move(s); },
               [&](caf::error& e) { spdlog::error("routing failed: {}", sys_.render(e)); });
  return out;
}

std::uint64_t pipeline_session::janitor(std::int64_t now_unix, std::int32_t retention_hours) {
  std::uint64_t deleted = 0;
  self_->request(pipeline_.writer, caf::infinite, kd::janitor_atom::value, now_unix - std::int64_t{retention_hours} * 3600)
      .receive([&](std::uint64_t n) { deleted = n; },
               [&](caf::error& e) { spdlog::error("janitor failed: {}", sys_.render(e)); });
  return deleted;
}

std::int64_t pipeline_session::deal_count() {
  std::int64_t n = -1;
  self_->request(pipeline_.writer, caf::infinite, kd::count_atom::value)
      .receive([&](std::int64_t count) { n = count; },
               [&](caf::error& e) { spdlog::error("count failed: {}", sys_.render(e)); });
  return n;
}

std::string pipeline_session::state(const std::string& key) {
  std::string value;
  self_->request(pipeline_.writer, caf::infinite, kd::state_atom::value, key)
      .receive([&](std::string& v) { value = std::move(v); },
               [&](caf::error& e) { spdlog::error("reading {} failed: {}", key, sys_.render(e)); });
  return value;
}

bool pipeline_session::save_state(const std::string& key, const std::string& value, std::int64_t updated_unix) {
  storage::write_batch batch;
  batch.state.push_back({key, value, updated_unix});
  bool saved = false;
  self_->request(pipeline_.writer, caf::infinite, kd::write_atom::value, std::move(batch))
      .receive([&](storage::batch_result&) { saved = true; },
               [&](caf::error& e) { spdlog::error("{} not saved: {}", key, sys_.render(e)); });
  return saved;
}

void print_pass(const std::string& name, const kd::route_summary& s) {
  log_path("heavy", s.heavy);
  log_path("light", s.light);
  if (!s.skipped.empty())
    spdlog::info("peek: {} new deals ruled out from the feed's own figures, no token spent", s.skipped.size());
  fmt::print("{}: {} new deals analysed ({} written, {} not deals) for {} tokens; "
             "{} known deals refreshed for {} tokens\n",
             name, s.heavy.requested, s.heavy.written, s.heavy.rejected, s.heavy.tokens_consumed,
             s.light.written, s.light.tokens_consumed);
}

bool fully_written(const kd::route_summary& s) { return s.heavy.failed.empty() && s.light.failed.empty(); }

} // namespace app
