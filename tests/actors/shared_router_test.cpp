// Refiller and backfiller share one router: an ASIN one job has in flight is
// not fetched again for the other. Run on CAF's deterministic scheduler so
// that both requests are in the router's mailbox before either is answered.
#include "actors/pipeline.hpp"
#include "ingest/grant_queue.hpp"
#include "ingest/replay_source.hpp"
#include "synth/capture.hpp"
#include "synth/universe.hpp"

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/scheduler/test_coordinator.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <unistd.h>

TEST_CASE("the same new ASIN routed by both jobs at once is fetched heavy once") {
  synth::universe u({.products = 3, .seed = 5});
  auto replay = std::make_shared<ingest::replay_source>();
  replay->add_capture(synth::capture_of(u), "synthetic capture");
  const auto db = std::filesystem::temp_directory_path() / ("kd-shared-router-" + std::to_string(::getpid()) + ".db");
  std::filesystem::remove(db);

  caf::actor_system_config cfg;
  cfg.set("scheduler.policy", caf::atom("testing"));
  caf::actor_system sys{cfg};
  auto& sched = dynamic_cast<caf::scheduler::test_coordinator&>(sys.scheduler());
  kd::pipeline_config config;
  config.db_file = db;
  config.bucket = {5, 100'000};
  config.detach_blocking = false;
  auto pipeline = kd::spawn_pipeline(sys, config, replay);

  const std::string asin = u.asin(0);
  std::vector<kd::route_summary> answers;
  sys.spawn([&](caf::event_based_actor* self) {
    for (int priority : {ingest::refiller_priority, ingest::backfiller_priority})
      self->request(pipeline.router, caf::infinite, kd::route_atom::value, std::vector<std::string>{asin},
                    std::vector<std::string>{}, priority)
          .then([&](kd::route_summary& s) { answers.push_back(std::move(s)); }, [](caf::error&) {});
  });
  sched.run();

  REQUIRE(answers.size() == 2);
  // The deferred answer comes first: it waits for nothing.
  const auto& deferred = answers[0];
  const auto& fetched = answers[1];
  CHECK(deferred.heavy.requested + deferred.light.requested == 0);
  CHECK(deferred.deferred == std::vector<std::string>{asin});
  CHECK(fetched.heavy.requested == 1);
  CHECK(fetched.heavy.written == 1);
  // One heavy fetch on the meter: what one product with history and offers costs.
  keepa::product_request heavy = config.profiles.heavy;
  CHECK(replay->tokens_consumed_total() <= keepa::estimate_product_cost(heavy, 1));
  CHECK(replay->tokens_consumed_total() > 0);

  pipeline.stop();
  sched.run();
  for (auto suffix : {"", "-wal", "-shm"})
    std::filesystem::remove(db.string() + suffix);
}
