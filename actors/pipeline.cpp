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

namespace kd {

pipeline spawn_pipeline(caf::actor_system& sys, const pipeline_config& config,
                        std::shared_ptr<ingest::product_source> source) {
  pipeline p;
  p.bucket = spawn_token_bucket(sys, config.bucket, config.time);
  p.writer = spawn_writer(sys, config.db_file, config.store, config.detach_blocking);
  p.analyzer = spawn_analyzer(sys, config.settings, config.source_label, config.advisor);

  fetcher_config heavy{config.chunk_size, config.max_in_flight, config.profiles.heavy, config.source_label, true,
                       config.time};
  fetcher_config light{config.chunk_size, config.max_in_flight, config.profiles.light,
                       config.source_label + "_light", false, config.time};
  p.heavy = spawn_heavy_fetcher(sys, heavy, p.bucket, source, p.analyzer, p.writer);
  p.light = spawn_light_fetcher(sys, light, config.settings, p.bucket, source, p.writer);
  p.router = spawn_router(sys, p.writer, p.heavy, p.light);
  p.pager = spawn_feed_pager(sys, p.bucket, source);
  return p;
}

void pipeline::stop() {
  for (const auto& hdl : {caf::actor_cast<caf::actor>(pager), caf::actor_cast<caf::actor>(router), caf::actor_cast<caf::actor>(heavy),
                          caf::actor_cast<caf::actor>(light), caf::actor_cast<caf::actor>(analyzer),
                          caf::actor_cast<caf::actor>(writer), caf::actor_cast<caf::actor>(bucket)})
    caf::anon_send_exit(hdl, caf::exit_reason::user_shutdown);
}

} // namespace kd
