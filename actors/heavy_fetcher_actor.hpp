// The heavy fetcher: full history for new ASINs, analysed, then inserted.
#pragma once

#include "actors/fetcher.hpp"

#include <caf/fwd.hpp>

namespace kd {

heavy_fetcher_actor spawn_heavy_fetcher(caf::actor_system& sys, fetcher_config config, token_bucket_actor bucket,
                                        std::shared_ptr<ingest::product_source> source, analyzer_actor analyzer,
                                        writer_actor writer);

} // namespace kd
