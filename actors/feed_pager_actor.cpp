// Reserve a page's tokens at the asker's priority, read it from the source on
// the source's thread, settle the bucket with the envelope, answer the asker.
#include "actors/feed_pager_actor.hpp"

#include <caf/actor_system.hpp>
#include <caf/sec.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <caf/typed_response_promise.hpp>

#include <map>

CAF_ADD_ATOM(keepa_deals, kd, page_read_atom, "pageread")

namespace kd {
namespace {

struct pager_state {
  std::uint64_t next_id = 0;
  std::map<std::uint64_t, caf::typed_response_promise<deal_page>> asked;
};

// The page answer comes back as a message to the pager itself, so only the
// pager's own thread touches its state.
using page_read_interface = caf::typed_actor<caf::reacts_to<page_read_atom, std::uint64_t, ingest::deal_fetch>>;
using pager_actor = feed_pager_actor::extend_with<page_read_interface>;
using pager_pointer = pager_actor::stateful_pointer<pager_state>;

pager_actor::behavior_type pager_behavior(pager_pointer self, token_bucket_actor bucket,
                                          std::shared_ptr<ingest::product_source> source) {
  return {
      [=](page_atom, const keepa::deal_selection& selection, int priority) -> caf::result<deal_page> {
        const auto id = self->state.next_id++;
        auto promise = self->make_response_promise<deal_page>();
        self->state.asked.emplace(id, promise);
        const auto estimate = keepa::deal_cost(1);
        self->request(bucket, caf::infinite, reserve_atom::value, estimate, priority)
            .then(
                [=](std::int64_t) {
                  auto me = caf::actor_cast<pager_actor>(self);
                  source->fetch_deals(selection, [me, id](ingest::deal_fetch f) {
                    caf::anon_send(me, page_read_atom::value, id, std::move(f));
                  });
                },
                [=](caf::error& err) {
                  if (auto it = self->state.asked.find(id); it != self->state.asked.end()) {
                    it->second.deliver(std::move(err));
                    self->state.asked.erase(it);
                  }
                });
        return promise;
      },
      [=](page_read_atom, std::uint64_t id, ingest::deal_fetch& f) {
        const auto estimate = keepa::deal_cost(1);
        if (f.env.timestamp_ms > 0)
          self->send(bucket, settle_atom::value, estimate, f.env, ingest::token_use{.deal_pages = f.env.tokens_consumed});
        else
          self->send(bucket, cancel_atom::value, estimate);
        auto it = self->state.asked.find(id);
        if (it == self->state.asked.end())
          return;
        if (f.error)
          it->second.deliver(caf::make_error(caf::sec::runtime_error, "deal feed: " + *f.error));
        else
          it->second.deliver(deal_page{std::move(f.deals), f.env.timestamp_ms});
        self->state.asked.erase(it);
      },
  };
}

} // namespace

feed_pager_actor spawn_feed_pager(caf::actor_system& sys, token_bucket_actor bucket,
                                  std::shared_ptr<ingest::product_source> source) {
  return caf::actor_cast<feed_pager_actor>(sys.spawn(pager_behavior, std::move(bucket), std::move(source)));
}

} // namespace kd
