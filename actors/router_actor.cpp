// Routing is ingest::split_batch; this actor only moves messages. A known row
// that vanished before its light update (the janitor got there first) goes
// heavy, so no deal of the batch is silently dropped. Both jobs route through
// this one actor, so an ASIN already in flight for one is not fetched again
// for the other.
#include "actors/router_actor.hpp"

#include "ingest/grant_queue.hpp"

#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <caf/typed_response_promise.hpp>

#include <memory>
#include <unordered_set>

namespace kd {
namespace {

struct router_state {
  std::unordered_set<std::string> in_flight;
};

using router_pointer = router_actor::stateful_pointer<router_state>;

using promise_type = caf::typed_response_promise<route_summary>;

void merge(path_summary& into, path_summary&& more) {
  into.requested += more.requested;
  into.written += more.written;
  into.rejected += more.rejected;
  into.tokens_estimated += more.tokens_estimated;
  into.tokens_consumed += more.tokens_consumed;
  into.requests += more.requests;
  auto append = [](std::vector<std::string>& to, std::vector<std::string>& from) {
    to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
  };
  append(into.missing, more.missing);
  append(into.failed, more.failed);
  append(into.vanished, more.vanished);
}

// Both paths of one batch report here; the reply goes out after the last one,
// and the batch's ASINs are no longer in flight.
struct batch_progress {
  router_pointer self;
  std::vector<std::string> claimed;
  promise_type promise;
  route_summary summary;
  int paths_left = 2;
  void release() {
    for (const auto& asin : claimed)
      self->state.in_flight.erase(asin);
    claimed.clear();
  }
  void done() {
    if (--paths_left == 0) {
      release();
      promise.deliver(std::move(summary));
    }
  }
  void fail(caf::error err) {
    release();
    promise.deliver(std::move(err));
  }
};

caf::result<route_summary> route(router_pointer self, const writer_actor& writer,
                                 const heavy_fetcher_actor& heavy, const light_fetcher_actor& light,
                                 std::vector<std::string> requested, std::vector<std::string> not_viable,
                                 int priority) {
  auto progress = std::make_shared<batch_progress>();
  progress->self = self;
  progress->promise = self->make_response_promise<route_summary>();
  std::vector<std::string> asins;
  std::unordered_set<std::string> mine;  // a duplicate within the batch is routed once, not deferred
  for (auto& asin : requested) {
    if (mine.contains(asin))
      continue;
    if (self->state.in_flight.insert(asin).second) {
      mine.insert(asin);
      progress->claimed.push_back(asin);
      asins.push_back(std::move(asin));
    } else {
      progress->summary.deferred.push_back(std::move(asin));
    }
  }
  auto fail = [progress](caf::error& err) { progress->fail(std::move(err)); };
  self->request(writer, caf::infinite, exists_atom::value, asins)
      .then(
          [=](const ingest::existing_rows& existing) {
            auto routed = ingest::split_batch(asins, existing, not_viable);
            progress->summary.skipped = std::move(routed.skipped);
            self->request(heavy, caf::infinite, heavy_atom::value, std::move(routed.heavy), priority)
                .then(
                    [=](path_summary& s) {
                      merge(progress->summary.heavy, std::move(s));
                      progress->done();
                    },
                    fail);
            self->request(light, caf::infinite, light_atom::value, std::move(routed.light))
                .then(
                    [=](path_summary& s) {
                      auto vanished = s.vanished;
                      merge(progress->summary.light, std::move(s));
                      if (vanished.empty()) {
                        progress->done();
                        return;
                      }
                      self->request(heavy, caf::infinite, heavy_atom::value, std::move(vanished), priority)
                          .then(
                              [=](path_summary& again) {
                                merge(progress->summary.heavy, std::move(again));
                                progress->done();
                              },
                              fail);
                    },
                    fail);
          },
          fail);
  return progress->promise;
}

router_actor::behavior_type router_behavior(router_pointer self, writer_actor writer, heavy_fetcher_actor heavy,
                                            light_fetcher_actor light) {
  return {
      [=](route_atom, std::vector<std::string> asins) {
        return route(self, writer, heavy, light, std::move(asins), {}, ingest::backfiller_priority);
      },
      [=](route_atom, std::vector<std::string> asins, std::vector<std::string> not_viable, int priority) {
        return route(self, writer, heavy, light, std::move(asins), std::move(not_viable), priority);
      },
  };
}

} // namespace

router_actor spawn_router(caf::actor_system& sys, writer_actor writer, heavy_fetcher_actor heavy,
                          light_fetcher_actor light) {
  return sys.spawn(router_behavior, std::move(writer), std::move(heavy), std::move(light));
}

} // namespace kd
