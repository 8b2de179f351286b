// The light fetcher: current stats only for known ASINs, then a small UPDATE.
#pragma once

#include "actors/fetcher.hpp"
#include "analysis/settings.hpp"

#include <caf/fwd.hpp>

namespace kd {

// What the answer's price is read from: stats plus estimated shipping (the
// light profile), or a matched live offer (a profile with offers).
enum class price_basis { stats, offers };

light_fetcher_actor spawn_light_fetcher(caf::actor_system& sys, fetcher_config config,
                                        const analysis::settings& settings, token_bucket_actor bucket,
                                        std::shared_ptr<ingest::product_source> source, writer_actor writer,
                                        price_basis basis = price_basis::stats);

} // namespace kd
