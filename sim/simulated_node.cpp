#include "sim/simulated_node.hpp"

#include "mock/in_process_source.hpp"
#include "mock/keepa_service.hpp"

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/scheduler/test_coordinator.hpp>
#include <caf/scoped_actor.hpp>

#include <stdexcept>

namespace sim {
namespace {

caf::actor_system_config& deterministic(caf::actor_system_config& cfg) {
  cfg.set("scheduler.policy", caf::atom("testing"));
  cfg.set("logger.file-verbosity", caf::atom("quiet"));
  return cfg;
}

mock::server_options simulated(mock::server_options o) {
  o.simulated_clock = true;
  return o;
}

} // namespace

struct simulated_node::impl {
  caf::actor_system_config cfg;
  caf::actor_system sys;
  caf::scheduler::test_coordinator& sched;
  std::shared_ptr<mock::keepa_service> service;
  std::int64_t start_ms;
  caf::actor_clock::time_point start_tp;
  std::shared_ptr<ingest::node_time> time;
  std::shared_ptr<std::vector<kd::job_report>> reports = std::make_shared<std::vector<kd::job_report>>();
  kd::node node;
  bool stopped = false;

  impl(std::shared_ptr<mock::keepa_service> mock, std::int64_t start)
      : sys(deterministic(cfg)), sched(dynamic_cast<caf::scheduler::test_coordinator&>(sys.scheduler())),
        service(std::move(mock)), start_ms(start), start_tp(sched.clock().now()),
        time(std::make_shared<ingest::node_time>(start_ms, start_tp)) {}

  void spawn(kd::node_config config, std::shared_ptr<ingest::product_source> source) {
    auto collected = reports;
    auto listener = sys.spawn([collected](caf::event_based_actor*) -> caf::behavior {
      return {[collected](kd::job_done_atom, kd::job_report& r) { collected->push_back(std::move(r)); }};
    });
    config.pipeline.detach_blocking = false;
    node = kd::spawn_node(sys, config, std::move(source), time, listener);
  }

  // Moves the mock's clock to where the actor clock is (milliseconds of the
  // same simulated time since the start).
  void sync_mock() {
    if (!service)
      return;
    const auto target =
        start_ms + std::chrono::duration_cast<std::chrono::milliseconds>(sched.clock().now() - start_tp).count();
    if (target > service->now_ms())
      service->advance(std::chrono::milliseconds(target - service->now_ms()));
  }

  // Runs everything due up to `end`; false when nothing is scheduled at all.
  bool run_until(caf::actor_clock::time_point end) {
    for (;;) {
      sched.run();
      auto& clock = sched.clock();
      if (clock.schedule().empty())
        return false;
      const auto next = clock.schedule().begin()->first;
      if (next > end) {
        clock.current_time = std::max(clock.current_time, end);
        sync_mock();
        return true;
      }
      clock.current_time = std::max(clock.current_time, next);
      sync_mock();
      clock.trigger_timeout();
    }
  }
};

simulated_node::simulated_node(sim_options options) {
  auto service = std::make_shared<mock::keepa_service>(simulated(options.mock));
  const auto start = service->now_ms();
  impl_ = std::make_unique<impl>(service, start);
  impl_->spawn(std::move(options.node), std::make_shared<mock::in_process_source>(service));
}

simulated_node::simulated_node(kd::node_config node, std::shared_ptr<ingest::product_source> source,
                               std::int64_t start_ms)
    : impl_(std::make_unique<impl>(nullptr, start_ms)) {
  impl_->spawn(std::move(node), std::move(source));
}

simulated_node::~simulated_node() {
  if (!impl_->stopped)
    stop();
  impl_->node.shutdown();
  impl_->sched.run();
}

void simulated_node::run_for(std::chrono::milliseconds span) { impl_->run_until(impl_->sched.clock().now() + span); }

void simulated_node::run_until_idle(std::chrono::milliseconds limit) {
  impl_->run_until(impl_->sched.clock().now() + limit);
}

void simulated_node::stop() {
  impl_->stopped = true;
  impl_->node.stop();
  impl_->sched.run();
}

std::int64_t simulated_node::now_unix_ms() const { return impl_->time->unix_ms(impl_->sched.clock().now()); }

mock::server_stats simulated_node::mock_stats() const { return service().stats(); }

mock::keepa_service& simulated_node::service() const {
  if (!impl_->service)
    throw std::logic_error("simulated_node: this node runs against a replayed capture, not the mock");
  return *impl_->service;
}

const std::vector<kd::job_report>& simulated_node::reports() const { return *impl_->reports; }

kd::bucket_status simulated_node::bucket() {
  kd::bucket_status out;
  caf::scoped_actor self{impl_->sys};
  self->send(impl_->node.context.handles.bucket, kd::status_atom::value);
  impl_->sched.run();
  self->receive([&](kd::bucket_status& s) { out = s; });
  return out;
}

} // namespace sim
