// The mock's clock, in Unix ms, starting at the instant the server is told
// to start at (server_options::start_ms): either real, running forward in
// real time from that start, or simulated, moving only when told, so that
// tests and benchmarks can let days pass in seconds. Neither reads the wall
// clock: what the mock serves depends on the date, so the caller chooses it.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <stdexcept>

namespace mock {

class server_clock {
public:
  server_clock(bool simulated, std::int64_t start_ms)
      : simulated_(simulated), start_ms_(start_ms), started_(std::chrono::steady_clock::now()),
        simulated_ms_(start_ms) {}

  bool simulated() const { return simulated_; }

  std::int64_t now_ms() const { return simulated_ ? simulated_ms_.load() : start_ms_ + elapsed_ms(); }

  void advance(std::chrono::milliseconds by) {
    if (!simulated_)
      throw std::logic_error("the mock server's clock is real; start it with a simulated clock to move time");
    if (by.count() < 0)
      throw std::invalid_argument("the mock server's clock only moves forward");
    simulated_ms_ += by.count();
  }

private:
  // Steady time, so a wall clock stepped while the server runs moves nothing.
  std::int64_t elapsed_ms() const {
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now() - started_).count();
  }

  bool simulated_;
  std::int64_t start_ms_;
  std::chrono::steady_clock::time_point started_;
  std::atomic<std::int64_t> simulated_ms_;
};

} // namespace mock
