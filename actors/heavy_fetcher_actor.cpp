// New ASINs: fetch with history (and offers, per the heavy profile), have the
// analyzer turn products into deal rows, insert them through the writer; then,
// with an offers fetcher, buy offers for the profitable ones only.
#include "actors/heavy_fetcher_actor.hpp"

#include <caf/actor_system.hpp>

namespace kd {
namespace {

using heavy_pointer = heavy_fetcher_actor::stateful_pointer<fetcher_state<std::string>>;

bool worth_offers(const storage::deal_row& d, const heavy_rules& rules) {
  return d.profit_cents && *d.profit_cents > 0 && d.margin_pct && *d.margin_pct >= rules.offers_min_margin_pct;
}

std::vector<ingest::light_item> offer_candidates(const std::vector<storage::deal_row>& deals,
                                                 const heavy_rules& rules) {
  std::vector<ingest::light_item> out;
  for (const auto& d : deals)
    if (worth_offers(d, rules))
      out.push_back({d.asin, storage::kept_fields{.list_at_cents = d.list_at_cents,
                                                  .one_year_avg_cents = d.one_year_avg_cents,
                                                  .fba_fee_cents = d.fba_fee_cents,
                                                  .referral_fee_pct = d.referral_fee_pct,
                                                  .product_data_utc = d.last_heavy_fetch_utc}});
  return out;
}

heavy_fetcher_actor::behavior_type heavy_behavior(heavy_pointer self, fetcher_config config,
                                                  token_bucket_actor bucket,
                                                  std::shared_ptr<ingest::product_source> source,
                                                  analyzer_actor analyzer, writer_actor writer, heavy_rules rules,
                                                  std::optional<light_fetcher_actor> offers) {
  self->state.queue = ingest::fetch_queue<std::string>(config.chunk_size, config.max_in_flight);
  auto next = [=] {
    pump<heavy_fetcher_actor>(self, bucket, source, config);
    deliver_completed(self);
  };
  auto tally_of = [=](std::uint64_t chunk_id) -> ingest::fetch_tally* {
    const auto* c = self->state.queue.in_flight(chunk_id);
    return c ? &self->state.queue.tally_of(c->job) : nullptr;
  };
  auto finish = [=](std::uint64_t chunk_id) {
    self->state.queue.finish(chunk_id);
    next();
  };
  // The rows are committed with estimated prices first, so a deal is written
  // whatever becomes of its offers; the chunk ends when they are repriced.
  auto send_offers = [=](std::uint64_t chunk_id, std::vector<ingest::light_item> items) {
    self->request(*offers, caf::infinite, light_atom::value, std::move(items))
        .then(
            [=](const path_summary& bought) {
              if (auto* tally = tally_of(chunk_id)) {
                tally->tokens_consumed += bought.tokens_consumed;
                tally->tokens_estimated += bought.tokens_estimated;
                tally->requests += bought.requests;
                tally->offers_bought += bought.written;
              }
              count(config, {.offers_bought = static_cast<std::int64_t>(bought.written)});
              finish(chunk_id);
            },
            [=](caf::error&) { finish(chunk_id); });  // the deals stand, priced from stats
  };
  // Offers sharpen the price of a deal already stored; a new deal is worth
  // more. So they are bought only from a bucket at least half full: on a plan
  // that keeps up, for every profitable deal; on one that cannot, new deals
  // come first and the profitable ones keep their estimated price.
  auto buy_offers = [=](std::uint64_t chunk_id, std::vector<ingest::light_item> items) {
    if (!offers || items.empty()) {
      finish(chunk_id);
      return;
    }
    self->request(bucket, caf::infinite, status_atom::value)
        .then(
            [=](const bucket_status& b) mutable {
              if (b.known && b.available >= 30 * std::int64_t{b.refill_rate}) {
                send_offers(chunk_id, std::move(items));
                return;
              }
              if (auto* tally = tally_of(chunk_id))
                tally->offers_skipped += items.size();
              count(config, {.offers_skipped = static_cast<std::int64_t>(items.size())});
              finish(chunk_id);
            },
            [=](caf::error&) { finish(chunk_id); });
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
                  auto candidates = offer_candidates(analysed.deals, rules);
                  storage::write_batch batch;
                  batch.inserts = std::move(analysed.deals);
                  if (rules.remember_rejects)
                    batch.rejects = std::move(analysed.rejected);
                  self->request(writer, caf::infinite, write_atom::value, std::move(batch))
                      .then(
                          [=](const storage::batch_result& written) mutable {
                            if (auto* tally = tally_of(chunk_id)) {
                              tally->written += written.new_deals + written.reanalysed;
                              tally->rejected += rejected;
                            }
                            count(config, {.heavy_written = static_cast<std::int64_t>(written.new_deals +
                                                                                       written.reanalysed),
                                           .rejected = static_cast<std::int64_t>(rejected)});
                            buy_offers(chunk_id, std::move(candidates));
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
                                        writer_actor writer, heavy_rules rules,
                                        std::optional<light_fetcher_actor> offers) {
  return sys.spawn(heavy_behavior, std::move(config), std::move(bucket), std::move(source), std::move(analyzer),
                   std::move(writer), rules, std::move(offers));
}

} // namespace kd
