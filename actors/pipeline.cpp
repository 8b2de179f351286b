// Spawns and wires the pipeline (see messages/messages.hpp for the shape).
#include "actors/pipeline.hpp"

#include "actors/analyzer_actor.hpp"
#include "actors/feed_pager_actor.hpp"
#include "actors/heavy_fetcher_actor.hpp"
#include "actors/light_fetcher_actor.hpp"
#include "actors/router_actor.hpp"
#include "actors/writer_actor.hpp"

#include <caf/actor_system.hpp>
#include <caf/exit_reason.hpp>
#include <caf/send.hpp>

#include <algorithm>
#include <optional>

namespace kd {

pipeline spawn_pipeline(caf::actor_system& sys, const pipeline_config& config,
                        std::shared_ptr<ingest::product_source> source) {
  pipeline p;
  p.counters = config.counters ? config.counters : std::make_shared<ingest::ingest_counters>();
  p.metrics = config.metrics ? config.metrics : std::make_shared<ingest::node_metrics>();
  p.bucket = spawn_token_bucket(sys, config.bucket, config.time, p.metrics);
  p.writer = spawn_writer(sys, config.db_file, config.store, config.detach_blocking, p.bucket, p.metrics);
  p.analyzer = spawn_analyzer(sys, config.settings, config.source_label, config.advisor);

  const auto& policy = config.policy;
  auto fetcher = [&](keepa::product_request request, std::string label, token_kind booking) {
    return fetcher_config{.chunk_size = config.chunk_size,
                          .max_in_flight = config.max_in_flight,
                          .request = std::move(request),
                          .source_label = std::move(label),
                          .booking = booking,
                          .time = config.time,
                          .counters = p.counters};
  };
  const auto light = fetcher(config.profiles.light, config.source_label + "_light", token_kind::light);
  p.light = spawn_light_fetcher(sys, light, config.settings, p.bucket, source, p.writer);
  std::optional<light_fetcher_actor> offers;
  if (policy.heavy_offers == ingest::offers_policy::profitable) {
    auto c = fetcher(config.profiles.offers, config.source_label, token_kind::offers);
    c.priority = ingest::offers_priority;
    c.chunk_size = std::min<std::size_t>(config.chunk_size, 20);  // a chunk's reservation is 20 x 12 tokens
    p.offers = spawn_light_fetcher(sys, c, config.settings, p.bucket, source, p.writer, price_basis::offers);
    offers = p.offers;
  }
  const heavy_rules rules{.remember_rejects = policy.remembers_rejects(),
                          .offers_min_margin_pct = policy.offers_min_margin_pct};
  p.heavy = spawn_heavy_fetcher(sys,
                                fetcher(ingest::heavy_request(config.profiles, policy.heavy_offers),
                                        config.source_label, token_kind::heavy),
                                p.bucket, source, p.analyzer, p.writer, rules, offers);
  std::optional<light_fetcher_actor> top_up;
  if (policy.refreshes_from_feed()) {
    // Small chunks, a short queue, spare tokens only: a top-up never holds a
    // walk or a new deal back.
    auto c = light;
    c.chunk_size = std::min<std::size_t>(config.chunk_size, 10);
    c.max_in_flight = 1;
    c.max_waiting_chunks = 20;
    c.priority = ingest::spare_priority;
    p.top_up = spawn_light_fetcher(sys, c, config.settings, p.bucket, source, p.writer);
    top_up = p.top_up;
  }
  p.router = spawn_router(sys, {.writer = p.writer, .heavy = p.heavy, .light = p.light, .top_up = top_up},
                          {.policy = policy, .settings = config.settings, .peek = config.peek,
                           .source_label = config.source_label + "_feed", .time = config.time,
                           .counters = p.counters, .queue_new = config.queue_new_deals});
  p.pager = spawn_feed_pager(sys, p.bucket, source);
  return p;
}

void pipeline::stop() {
  for (const auto& hdl : {caf::actor_cast<caf::actor>(pager), caf::actor_cast<caf::actor>(router),
                          caf::actor_cast<caf::actor>(heavy), caf::actor_cast<caf::actor>(light),
                          caf::actor_cast<caf::actor>(offers), caf::actor_cast<caf::actor>(top_up),
                          caf::actor_cast<caf::actor>(analyzer), caf::actor_cast<caf::actor>(writer),
                          caf::actor_cast<caf::actor>(bucket)})
    if (hdl)
      caf::anon_send_exit(hdl, caf::exit_reason::user_shutdown);
}

} // namespace kd
