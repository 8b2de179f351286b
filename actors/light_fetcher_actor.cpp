// Known ASINs: a stats-only fetch (1 token each with the default profile),
// analysis::light_refresh against the fields the row keeps, one batch UPDATE.
// The heavy analysis never runs here: there is no history to run it on.
#include "actors/light_fetcher_actor.hpp"

#include "analysis/light_refresh.hpp"

#include <caf/actor_system.hpp>

#include <string_view>
#include <unordered_map>

namespace kd {
namespace {

using light_pointer = light_fetcher_actor::stateful_pointer<fetcher_state<ingest::light_item>>;

storage::write_batch refresh_rows(const std::vector<ingest::light_item>& items,
                                  const std::vector<keepa::product>& products, const analysis::settings& settings,
                                  std::int64_t now, const std::string& source_label, price_basis basis) {
  std::unordered_map<std::string_view, const storage::kept_fields*> kept;
  kept.reserve(items.size());
  for (const auto& item : items)
    kept.emplace(item.asin, &item.kept);
  storage::write_batch batch;
  batch.light_updates.reserve(products.size());
  for (const auto& p : products)
    if (auto it = kept.find(p.asin); it != kept.end())
      batch.light_updates.push_back(basis == price_basis::offers
                                        ? analysis::offer_refresh(p, *it->second, settings, now, source_label)
                                        : analysis::light_refresh(p, *it->second, settings, now, source_label));
  return batch;
}

light_fetcher_actor::behavior_type light_behavior(light_pointer self, fetcher_config config,
                                                  analysis::settings settings, token_bucket_actor bucket,
                                                  std::shared_ptr<ingest::product_source> source,
                                                  writer_actor writer, price_basis basis) {
  self->state.queue = ingest::fetch_queue<ingest::light_item>(config.chunk_size, config.max_in_flight);
  auto next = [=] {
    pump<light_fetcher_actor>(self, bucket, source, config);
    deliver_completed(self);
  };
  return {
      [=](light_atom, std::vector<ingest::light_item> items) -> caf::result<path_summary> {
        if (config.max_waiting_chunks > 0 && self->state.queue.waiting_count() >= config.max_waiting_chunks) {
          count(config, {.dropped_top_ups = static_cast<std::int64_t>(items.size())});
          path_summary refused;
          refused.requested = refused.dropped = items.size();
          return refused;
        }
        auto promise = add_job(self, std::move(items), config.priority);
        next();
        return promise;
      },
      [=](fetched_atom, std::uint64_t chunk_id, ingest::product_fetch& f) {
        if (!settle_fetch(self, bucket, config, chunk_id, f)) {
          next();
          return;
        }
        const auto* c = self->state.queue.in_flight(chunk_id);
        auto batch =
            refresh_rows(c->items, f.products, settings, unix_now(self, config, f.env), config.source_label, basis);
        self->request(writer, caf::infinite, write_atom::value, std::move(batch))
            .then(
                [=](storage::batch_result& written) {
                  if (const auto* c = self->state.queue.in_flight(chunk_id)) {
                    auto& tally = self->state.queue.tally_of(c->job);
                    tally.written += written.refreshed;
                    // Offers bought for a new deal are the heavy path's to count.
                    if (config.booking == token_kind::light)
                      count(config, {.light_refreshes = static_cast<std::int64_t>(written.refreshed)});
                    for (auto& asin : written.not_found)
                      tally.vanished.push_back(std::move(asin));
                  }
                  self->state.queue.finish(chunk_id);
                  next();
                },
                [=](caf::error&) {
                  fail_chunk(self, chunk_id);
                  next();
                });
      },
  };
}

} // namespace

light_fetcher_actor spawn_light_fetcher(caf::actor_system& sys, fetcher_config config,
                                        const analysis::settings& settings, token_bucket_actor bucket,
                                        std::shared_ptr<ingest::product_source> source, writer_actor writer,
                                        price_basis basis) {
  return sys.spawn(light_behavior, std::move(config), settings, std::move(bucket), std::move(source),
                   std::move(writer), basis);
}

} // namespace kd
