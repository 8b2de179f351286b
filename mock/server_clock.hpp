// The mock's clock: real time, or simulated time that moves only when told,
// so that tests and benchmarks can let days pass in seconds.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <stdexcept>

namespace mock {

class server_clock {
public:
  // A simulated clock starts at the real time, so envelopes look plausible.
  explicit server_clock(bool simulated) : simulated_(simulated), simulated_ms_(real_now_ms()) {}

  bool simulated() const { return simulated_; }

  std::int64_t now_ms() const { return simulated_ ? simulated_ms_.load() : real_now_ms(); }

  void advance(std::chrono::milliseconds by) {
    if (!simulated_)
      throw std::logic_error("the mock server's clock is real; start it with a simulated clock to move time");
    if (by.count() < 0)
      throw std::invalid_argument("the mock server's clock only moves forward");
    simulated_ms_ += by.count();
  }

private:
  static std::int64_t real_now_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
  }

  bool simulated_;
  std::atomic<std::int64_t> simulated_ms_;
};

} // namespace mock
