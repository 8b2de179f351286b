// The heavy path: full-history fetch, the analyzer, the insert. In the
// optimal mode the fetch buys no offers; the deals the analysis finds
// profitable then get their offers from a second, light-style fetcher that
// reprices them from a matched live offer.
#pragma once

#include "actors/fetcher.hpp"

#include <caf/fwd.hpp>

#include <optional>

namespace kd {

struct heavy_rules {
  // Rejected ASINs are written to the rejects table (their cooldown starts).
  bool remember_rejects = false;
  // With an offers fetcher: deals with Profit > 0 and at least this Margin (%) get offers.
  double offers_min_margin_pct = 0;
};

heavy_fetcher_actor spawn_heavy_fetcher(caf::actor_system& sys, fetcher_config config, token_bucket_actor bucket,
                                        std::shared_ptr<ingest::product_source> source, analyzer_actor analyzer,
                                        writer_actor writer, heavy_rules rules = {},
                                        std::optional<light_fetcher_actor> offers = std::nullopt);

} // namespace kd
