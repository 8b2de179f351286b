// Faults waiting to hit the next Keepa requests, first injected first served.
#pragma once

#include "mock/mock_server.hpp"

#include <deque>
#include <optional>
#include <string_view>

namespace mock {

class fault_queue {
public:
  // Throws std::invalid_argument when count < 1 or an endpoint is unknown.
  void push(fault f);
  // The first pending fault aimed at `endpoint` (or at any) whose `after` is
  // spent, spending one of its count; a fault still counting down its
  // `after` counts this request and lets it pass.
  std::optional<fault> take(std::string_view endpoint);
  void clear() { pending_.clear(); }
  std::size_t size() const { return pending_.size(); }

private:
  std::deque<fault> pending_;
};

} // namespace mock
