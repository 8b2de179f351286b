// `run` in node mode: the node on CAF's threaded scheduler and real time,
// talking to Keepa (or the mock server) through the HTTP client. This thread
// only listens: it prints each run's outcome and handles the stop signal.
#include "app/run_jobs.hpp"

#include "actors/node.hpp"
#include "capture/capture_writer.hpp"
#include "ingest/client_source.hpp"
#include "keepa/client.hpp"
#include "web/node_http.hpp"

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/scoped_actor.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <unistd.h>
#include <optional>

namespace app {
namespace {

using namespace std::chrono_literals;

// `--capture DIR`: a new session there, headed with how this node runs so a
// replay can run it the same way.
std::shared_ptr<capture::capture_writer> make_capture(const run_config& config) {
  if (!config.capture_dir)
    return nullptr;
  const auto& n = config.node;
  capture::session_header header;
  header.mode = std::string(ingest::to_string(n.pipeline.policy.mode));
  header.once = n.once;
  if (n.jobs.refill) header.jobs.push_back("refill");
  if (n.jobs.backfill) header.jobs.push_back("backfill");
  if (n.jobs.janitor) header.jobs.push_back("janitor");
  header.token_rate = config.token_rate();
  header.refill_feed = n.refill.selection;
  header.backfill_feed = n.backfill.selection;
  header.limits = {.refill_max_pages = n.refill.max_pages,
                   .backfill_max_pages = n.backfill.max_pages,
                   .backfill_max_deals = static_cast<std::int64_t>(n.backfill.max_deals),
                   .backfill_chunk = static_cast<std::int64_t>(n.backfill.chunk_size),
                   .light_max_age_seconds = n.pipeline.policy.light_max_age_seconds};
  capture::writer_options options;
  options.dir = *config.capture_dir;
  options.max_segment_bytes = config.capture_max_mb << 20;
  options.api_key = config.api_key;
  auto writer = std::make_shared<capture::capture_writer>(options, header);
  spdlog::info("capture: recording every Keepa exchange in {}", writer->session_path().string());
  return writer;
}

std::shared_ptr<keepa::client> make_client(const run_config& config,
                                           std::shared_ptr<keepa::exchange_recorder> recorder) {
  keepa::client_config c;
  c.recorder = std::move(recorder);
  c.base_url = config.keepa_url.empty() ? keepa_api_url : config.keepa_url;
  c.api_key = config.api_key;
  c.domain = config.domain;
  c.http.ca_file = config.ca_file;
  if (config.timeout_seconds)
    c.http.read_timeout = std::chrono::seconds(*config.timeout_seconds);
  if (config.max_attempts)
    c.retry.max_attempts = *config.max_attempts;
  return std::make_shared<keepa::client>(c);
}

std::int64_t wall_clock_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// How long a stop waits for the runs in hand before it gives up on them.
constexpr auto stop_grace = 8s;

} // namespace

int run_node(const run_config& config, const std::atomic<bool>& stop) {
  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  caf::scoped_actor self{sys};
  // Production's one clock: the wall clock until Keepa's first envelope
  // (the /token call at start) says what time it is.
  auto time = std::make_shared<ingest::node_time>(wall_clock_ms(), sys.clock().now());
  auto node_cfg = config.node;
  node_cfg.pipeline.source_label = storage::source_upserter;
  // Long work visible: a backfill shows where it stands on a terminal (a
  // line rewritten in place), and stays quiet in a service's log.
  if (::isatty(STDERR_FILENO) && config.log_file.empty())
    node_cfg.backfill.on_progress = [](const ingest::backfill_progress& p) {
      const auto line = ingest::progress_line(p);
      std::fprintf(stderr, "\r%s\x1b[K", line.c_str());
      std::fflush(stderr);
    };
  // Off unless [analysis.llm] names a base URL and its key variable is set.
  node_cfg.pipeline.advisor = analysis::make_llm_advisor(config.llm);
  auto metrics = std::make_shared<ingest::node_metrics>();
  node_cfg.pipeline.metrics = metrics;
  // Listening before the node starts: an address in use stops the run before any token is spent.
  std::optional<web::node_http> http;
  if (const auto listen = http_listen(config.http)) {
    http.emplace(web::node_http_config{.listen = *listen, .db = config.db()}, metrics,
                 [time] { return time->unix_seconds(std::chrono::steady_clock::now()); });
    try {
      http->start();
    } catch (const std::exception& e) {
      spdlog::error("[http] listen: {}", e.what());
      return 2;
    }
    const bool v6 = listen->host.find(':') != std::string::npos;
    spdlog::info("http: serving http://{}{}{}:{}/ (/metrics, /healthz)", v6 ? "[" : "", listen->host, v6 ? "]" : "",
                 http->port());
  }
  auto capture = make_capture(config);
  auto source = std::make_shared<ingest::client_source>(make_client(config, capture), metrics);
  auto node = kd::spawn_node(sys, node_cfg, source, time, caf::actor_cast<caf::actor>(self));

  std::size_t reports = 0, failed = 0, busy_at_stop = 0;
  bool fatal = false, stopping = false;
  auto deadline = std::chrono::steady_clock::time_point::max();
  auto begin_stop = [&](const char* why) {
    spdlog::info("stopping ({}): no new runs, token waits abandoned, the batch in flight may commit", why);
    node.stop();
    stopping = true;
    deadline = std::chrono::steady_clock::now() + stop_grace;
    for (const auto& job : {node.refiller, node.backfiller, node.janitor, node.drainer})
      if (job)
        self->request(job, 2s, kd::stop_atom::value).receive([&](bool busy) { busy_at_stop += busy; },
                                                              [](caf::error&) {});
  };
  for (;;) {
    self->receive(
        [&](kd::job_done_atom, kd::job_report& r) {
          if (r.outcome == "skipped")
            return;
          ++reports;
          if (r.outcome == "failed")
            ++failed;
          fatal = fatal || r.fatal;
          if (stopping && busy_at_stop > 0)
            --busy_at_stop;
          fmt::print("{}: {}{}{}\n", r.job, r.outcome, r.detail.empty() ? "" : ": ", r.detail);
        },
        caf::after(100ms) >> [] {});
    if (fatal && !stopping)
      begin_stop("the node cannot go on");
    if (stop && !stopping)
      begin_stop("signal");
    if (!stopping && config.node.once && reports >= node.jobs_enabled())
      break;
    if (stopping && (busy_at_stop == 0 || std::chrono::steady_clock::now() > deadline)) {
      if (busy_at_stop > 0)
        spdlog::warn("stopping: {} runs did not end within {} s; what they committed stays", busy_at_stop,
                     stop_grace.count());
      break;
    }
  }
  self->request(node.context.handles.writer, 2s, kd::count_atom::value)
      .receive([&](std::int64_t n) { spdlog::info("stopped: {} deals stored in {}", n, config.db().string()); },
               [](caf::error&) {});
  node.shutdown();
  if (fatal)
    return 2;
  if (failed > 0) {
    spdlog::warn("{} runs failed (each was logged when it happened)", failed);
    return 1;
  }
  return 0;
}

} // namespace app
