// A whole keepa-deals node against the mock Keepa service in process, on one
// simulated clock: CAF's deterministic scheduler runs every actor on this
// thread, and time jumps straight to the next timer (a job's tick, a token
// wait), moving the mock's clock with it. A simulated week runs as fast as the
// CPU allows, billed by the mock's own meter. For tests and the capacity
// benchmark.
#pragma once

#include "actors/node.hpp"
#include "mock/mock_server.hpp"

#include <chrono>
#include <filesystem>
#include <memory>
#include <vector>

namespace mock {
class keepa_service;
}

namespace sim {

struct sim_options {
  mock::server_options mock;  // simulated_clock is forced on
  kd::node_config node;       // detach_blocking is forced off
};

class simulated_node {
public:
  explicit simulated_node(sim_options options);
  // The node against any source (a replayed capture), its clock starting at
  // `start_ms`; service() and mock_stats() are then not available.
  simulated_node(kd::node_config node, std::shared_ptr<ingest::product_source> source, std::int64_t start_ms);
  ~simulated_node();
  simulated_node(const simulated_node&) = delete;
  simulated_node& operator=(const simulated_node&) = delete;

  // Lets `span` of simulated time pass, running everything due in it.
  void run_for(std::chrono::milliseconds span);
  // Runs until nothing is scheduled any more (a --once node), or `limit`.
  void run_until_idle(std::chrono::milliseconds limit);
  // Graceful stop, as on SIGTERM: returns once the runs in hand reported.
  void stop();

  std::int64_t now_unix_ms() const;
  mock::server_stats mock_stats() const;  // std::logic_error without the mock
  mock::keepa_service& service() const;
  const std::vector<kd::job_report>& reports() const;
  // The node's token bucket as it sees itself now.
  kd::bucket_status bucket();

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

} // namespace sim
