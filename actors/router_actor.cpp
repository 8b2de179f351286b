// Routing is ingest::plan_batch (feed entries) or ingest::split_batch (bare
// ASINs); this actor only moves messages. A known row
// that vanished before its light update (the janitor got there first) goes
// heavy, so no deal of the batch is silently dropped. Both jobs route through
// this one actor, so an ASIN already in flight for one is not fetched again
// for the other.
#include "actors/router_actor.hpp"

#include "analysis/light_refresh.hpp"
#include "analysis/peek.hpp"
#include "ingest/batch_plan.hpp"
#include "ingest/grant_queue.hpp"

#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <caf/typed_response_promise.hpp>

#include <memory>
#include <unordered_map>
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
  into.offers_bought += more.offers_bought;
  into.offers_skipped += more.offers_skipped;
  into.dropped += more.dropped;
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

// Claims the batch's ASINs for this request; those already claimed by another
// one are deferred (reported, not fetched twice).
std::vector<std::string> claim(const router_pointer& self, batch_progress& progress,
                               std::vector<std::string> requested) {
  std::vector<std::string> asins;
  std::unordered_set<std::string> mine;  // a duplicate within the batch is routed once, not deferred
  for (auto& asin : requested) {
    if (mine.contains(asin))
      continue;
    if (self->state.in_flight.insert(asin).second) {
      mine.insert(asin);
      progress.claimed.push_back(asin);
      asins.push_back(std::move(asin));
    } else {
      progress.summary.deferred.push_back(std::move(asin));
    }
  }
  return asins;
}

// Sends the heavy and light parts of a batch; a light row that vanished (the
// janitor got there first) goes heavy after all.
void send_paths(const router_pointer& self, const router_links& links, const std::shared_ptr<batch_progress>& progress,
                std::vector<std::string> heavy, std::vector<ingest::light_item> light, int priority) {
  auto fail = [progress](caf::error& err) { progress->fail(std::move(err)); };
  self->request(links.heavy, caf::infinite, heavy_atom::value, std::move(heavy), priority)
      .then(
          [=](path_summary& s) {
            merge(progress->summary.heavy, std::move(s));
            progress->done();
          },
          fail);
  self->request(links.light, caf::infinite, light_atom::value, std::move(light))
      .then(
          [=](path_summary& s) {
            auto vanished = s.vanished;
            merge(progress->summary.light, std::move(s));
            if (vanished.empty()) {
              progress->done();
              return;
            }
            self->request(links.heavy, caf::infinite, heavy_atom::value, std::move(vanished), priority)
                .then(
                    [=](path_summary& again) {
                      merge(progress->summary.heavy, std::move(again));
                      progress->done();
                    },
                    fail);
          },
          fail);
}

caf::result<route_summary> route_asins(router_pointer self, const router_links& links, const router_rules& rules,
                                       std::vector<std::string> requested, std::vector<std::string> not_viable,
                                       int priority) {
  auto progress = std::make_shared<batch_progress>();
  progress->self = self;
  progress->promise = self->make_response_promise<route_summary>();
  auto asins = claim(self, *progress, std::move(requested));
  self->request(links.writer, caf::infinite, exists_atom::value, asins)
      .then(
          [=](const ingest::existing_rows& existing) {
            auto routed = ingest::split_batch(asins, existing, not_viable);
            progress->summary.skipped = std::move(routed.skipped);
            send_paths(self, links, progress, std::move(routed.heavy), std::move(routed.light), priority);
          },
          [progress](caf::error& err) { progress->fail(std::move(err)); });
  return progress->promise;
}

// Feed entries: ingest::plan_batch decides. Refreshes from the entries are one
// write, committed before the paths that cost tokens start; top-ups are handed
// to their fetcher and not waited for (the row is already fresh).
caf::result<route_summary> route_entries(router_pointer self, const router_links& links, const router_rules& rules,
                                         std::vector<keepa::deal> entries, int priority) {
  auto progress = std::make_shared<batch_progress>();
  progress->self = self;
  progress->promise = self->make_response_promise<route_summary>();
  std::vector<std::string> requested;
  requested.reserve(entries.size());
  for (const auto& e : entries)
    requested.push_back(e.asin);
  auto asins = claim(self, *progress, std::move(requested));
  const std::unordered_set<std::string> claimed(asins.begin(), asins.end());
  std::erase_if(entries, [&](const keepa::deal& e) { return !claimed.contains(e.asin); });
  std::unordered_set<std::string> not_viable;
  for (const auto& e : entries)
    if (!analysis::peek(e, rules.peek).viable())
      not_viable.insert(e.asin);
  auto fail = [progress](caf::error& err) { progress->fail(std::move(err)); };
  self->request(links.writer, caf::infinite, known_atom::value, asins)
      .then(
          [=, entries = std::move(entries), not_viable = std::move(not_viable)](const ingest::known_asins& known) {
            const auto now = rules.time ? rules.time->unix_seconds(self->clock().now()) : 0;
            auto plan = ingest::plan_batch(entries, known, not_viable, rules.policy, now);
            progress->summary.skipped = std::move(plan.not_viable);
            progress->summary.cooling = std::move(plan.cooling);
            storage::write_batch refreshes;
            for (const auto& item : plan.from_feed)
              refreshes.light_updates.push_back(
                  analysis::feed_refresh(item.entry, item.kept, rules.settings, now, rules.source_label));
            if (rules.queue_new) {
              std::unordered_map<std::string_view, keepa::keepa_minute> updated;
              for (const auto& e : entries)
                updated[e.asin] = std::max(updated[e.asin], e.last_update);
              for (auto& asin : plan.heavy)
                refreshes.enqueue.push_back({asin, keepa::to_unix(updated[asin]), now});
              progress->summary.queued = plan.heavy.size();
              plan.heavy.clear();
            }
            auto paths = [=, heavy = std::move(plan.heavy), light = std::move(plan.light),
                          top_up = std::move(plan.top_up)](const storage::batch_result& written) mutable {
              progress->summary.from_feed = written.refreshed;
              if (rules.counters)
                rules.counters->add({.feed_refreshes = static_cast<std::int64_t>(written.refreshed),
                                     .not_viable = static_cast<std::int64_t>(progress->summary.skipped.size()),
                                     .cooling = static_cast<std::int64_t>(progress->summary.cooling.size())});
              // A row deleted since the lookup is new again.
              heavy.insert(heavy.end(), written.not_found.begin(), written.not_found.end());
              if (links.top_up && !top_up.empty()) {
                progress->summary.top_ups = top_up.size();
                self->request(*links.top_up, caf::infinite, light_atom::value, std::move(top_up))
                    .then(
                        [](const path_summary&) {},  // counted by the top-up fetcher
                        [](caf::error&) {});
              }
              send_paths(self, links, progress, std::move(heavy), std::move(light), priority);
            };
            if (refreshes.light_updates.empty() && refreshes.enqueue.empty()) {
              paths(storage::batch_result{});
              return;
            }
            self->request(links.writer, caf::infinite, write_atom::value, std::move(refreshes))
                .then(std::move(paths), fail);
          },
          fail);
  return progress->promise;
}

router_actor::behavior_type router_behavior(router_pointer self, router_links links, router_rules rules) {
  return {
      [=](route_atom, std::vector<std::string> asins) {
        return route_asins(self, links, rules, std::move(asins), {}, ingest::backfiller_priority);
      },
      [=](route_atom, std::vector<std::string> asins, std::vector<std::string> not_viable, int priority) {
        return route_asins(self, links, rules, std::move(asins), std::move(not_viable), priority);
      },
      [=](route_atom, std::vector<keepa::deal> entries, int priority) {
        return route_entries(self, links, rules, std::move(entries), priority);
      },
  };
}

} // namespace

router_actor spawn_router(caf::actor_system& sys, router_links links, router_rules rules) {
  return sys.spawn(router_behavior, std::move(links), std::move(rules));
}

} // namespace kd
