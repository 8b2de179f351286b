#include "bench/replay/replay_run.hpp"

#include "bench/process_memory.hpp"

#include "capture/capture_index.hpp"
#include "sim/capture_replay.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstdio>

namespace replay_bench {
namespace {

using steady = std::chrono::steady_clock;

double since(steady::time_point t0) { return std::chrono::duration<double>(steady::now() - t0).count(); }

std::string per_second(std::int64_t n, double seconds) {
  return n > 0 && seconds > 0 ? fmt::format("{:.0f}/s", double(n) / seconds) : "-";
}

} // namespace

result run(const std::filesystem::path& capture, const std::filesystem::path& db) {
  result r;
  for (const char* suffix : {"", "-wal", "-shm"})
    std::filesystem::remove(db.string() + suffix);
  const auto t0 = steady::now();
  const auto sessions = capture::load_capture(capture);
  r.load_seconds = since(t0);
  sim::replay_options options;
  options.dir = capture;
  options.node.pipeline.db_file = db;
  for (const auto& session : sessions) {
    const auto start = steady::now();
    const auto replayed = sim::replay_session(session, options);
    session_figures f;
    f.seconds = since(start);
    f.session = session.header.session;
    f.mode = session.header.mode;
    f.calls = session.calls.size();
    f.heavy = replayed.ingested.heavy_written;
    f.light = replayed.ingested.light_refreshes;
    f.feed = replayed.ingested.feed_refreshes;
    f.unanswered = replayed.counters.unanswered;
    for (const auto& what : replayed.counters.unanswered_examples)
      std::fprintf(stderr, "replay: session %d: unanswered %s\n", f.session, what.c_str());
    r.sessions.push_back(f);
  }
  r.peak_rss_mb = bench::resident_mb("VmHWM");
  return r;
}

std::string table(const result& r) {
  std::string out = fmt::format("capture index loaded in {:.3f} s\n", r.load_seconds);
  out += fmt::format("{:>7}  {:<10} {:>6} {:>8} {:>10} {:>8} {:>10} {:>8} {:>11} {:>10} {:>8}\n", "session", "mode",
                     "calls", "heavy", "heavy/s", "light", "light/s", "feed", "feed/s", "unanswered", "seconds");
  for (const auto& s : r.sessions)
    out += fmt::format("{:>7}  {:<10} {:>6} {:>8} {:>10} {:>8} {:>10} {:>8} {:>11} {:>10} {:>8.2f}\n", s.session,
                       s.mode, s.calls, s.heavy, per_second(s.heavy, s.seconds), s.light,
                       per_second(s.light, s.seconds), s.feed, per_second(s.feed, s.seconds), s.unanswered,
                       s.seconds);
  out += fmt::format("peak resident memory {} MB\n", r.peak_rss_mb);
  return out;
}

} // namespace replay_bench
