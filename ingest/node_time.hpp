// The node's one "now". Keepa's envelope timestamp is the truth where there
// is one (so a mock on a simulated clock moves every row time and cutoff with
// it); between envelopes time runs on the actor system's clock, which is
// steady in production and simulated in tests and the capacity benchmark.
// Shared by the actors of one node, hence the lock.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>

namespace ingest {

class node_time {
public:
  using time_point = std::chrono::steady_clock::time_point;

  // `start_unix_ms` is what the node believes the time is at `start_local`
  // before any server spoke: the wall clock in production, the simulation's
  // start otherwise.
  node_time(std::int64_t start_unix_ms, time_point start_local)
      : anchor_unix_ms_(start_unix_ms), anchor_local_(start_local) {}

  // A server's envelope said it was `server_unix_ms` at `local`. The node's
  // time never runs backwards: an envelope behind it (a reply that waited,
  // a server whose clock stands still) leaves the anchor where it is, so a
  // run never ends before it started. The first envelope is always taken: it
  // replaces the start guess (the wall clock), which may be far off a mock's.
  void observe(std::int64_t server_unix_ms, time_point local) {
    if (server_unix_ms <= 0)
      return;
    std::lock_guard lock(mutex_);
    const auto ours =
        anchor_unix_ms_ + std::chrono::duration_cast<std::chrono::milliseconds>(local - anchor_local_).count();
    if (server_seen_ && server_unix_ms < ours)
      return;
    server_seen_ = true;  // the first server time replaces the start guess, whichever way it moves
    anchor_unix_ms_ = server_unix_ms;
    anchor_local_ = local;
  }

  // The latest server time plus what the local clock ran since. The node asks
  // /token before anything reads the time, so a server whose clock differs
  // from ours (a simulated mock) is followed from the start.
  std::int64_t unix_ms(time_point local) const {
    std::lock_guard lock(mutex_);
    return anchor_unix_ms_ + std::chrono::duration_cast<std::chrono::milliseconds>(local - anchor_local_).count();
  }
  std::int64_t unix_seconds(time_point local) const { return unix_ms(local) / 1000; }

private:
  mutable std::mutex mutex_;
  std::int64_t anchor_unix_ms_;
  time_point anchor_local_;
  bool server_seen_ = false;
};

} // namespace ingest
