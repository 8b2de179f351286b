// New ASINs: fetch with history (and offers, per the heavy profile), have the
// analyzer turn products into deal rows, insert them through the writer.
#include "actors/heavy_fetcher_actor.hpp"

#include <caf/actor_system.hpp>

namespace kd {
namespace {

using heavy_pointer = heavy_fetcher_actor::stateful_pointer<fetcher_state<std::string>>;

heavy_fetcher_actor::behavior_type heavy_behavior(heavy_pointer self, fetcher_config config,
                                                  token_bucket_actor bucket,
                                                  std::shared_ptr<ingest::product_source> source,
                                                  analyzer_actor analyzer, writer_actor writer) {
  self->state.queue = ingest::fetch_queue<std::string>(config.chunk_size, config.max_in_flight);
  auto next = [=] {
    pump<heavy_fetcher_actor>(self, bucket, source, config);
    deliver_completed(self);
  };
  return {
      [=](heavy_atom, std::vector<std::string> asins, int priority) -> caf::result<path_summary> {
        auto promise = add_job(self, std::move(asins), priority);
        next();
        return promise;
      },
      [=](fetched_atom, std::uint64_t chunk_id, ingest::product_fetch& f) {
        if (!settle_fetch(self, bucket, config, chunk_id, f)) {
          next();
          return;
        }
        const auto now = unix_now(self, config, f.env);
        self->request(analyzer, caf::infinite, analyze_atom::value, std::move(f.products), now)
            .then(
                [=](analysed_batch& analysed) {
                  const auto rejected = analysed.rejected.size();
                  storage::write_batch batch;
                  batch.inserts = std::move(analysed.deals);
                  self->request(writer, caf::infinite, write_atom::value, std::move(batch))
                      .then(
                          [=](const storage::batch_result& written) {
                            if (const auto* c = self->state.queue.in_flight(chunk_id)) {
                              auto& tally = self->state.queue.tally_of(c->job);
                              tally.written += written.new_deals + written.reanalysed;
                              tally.rejected += rejected;
                            }
                            self->state.queue.finish(chunk_id);
                            next();
                          },
                          [=](caf::error&) {
                            fail_chunk(self, chunk_id);
                            next();
                          });
                },
                [=](caf::error&) {
                  fail_chunk(self, chunk_id);
                  next();
                });
      },
  };
}

} // namespace

heavy_fetcher_actor spawn_heavy_fetcher(caf::actor_system& sys, fetcher_config config, token_bucket_actor bucket,
                                        std::shared_ptr<ingest::product_source> source, analyzer_actor analyzer,
                                        writer_actor writer) {
  return sys.spawn(heavy_behavior, std::move(config), std::move(bucket), std::move(source), std::move(analyzer),
                   std::move(writer));
}

} // namespace kd
