// The batch router: asks the writer what it knows of a batch and sends each
// ASIN down its path; answers when every path has committed its rows.
#pragma once

#include "analysis/peek.hpp"
#include "analysis/settings.hpp"
#include "ingest/ingest_counters.hpp"
#include "ingest/ingest_policy.hpp"
#include "ingest/node_time.hpp"
#include "messages/messages.hpp"

#include <caf/fwd.hpp>

#include <memory>
#include <optional>
#include <string>

namespace kd {

struct router_links {
  writer_actor writer;
  heavy_fetcher_actor heavy;
  light_fetcher_actor light;
  std::optional<light_fetcher_actor> top_up;  // best-effort light calls after a feed refresh
};

struct router_rules {
  ingest::ingest_policy policy;
  analysis::settings settings;  // for the feed refresh's profit
  analysis::peek_thresholds peek;  // which new feed entries are worth a heavy fetch
  std::string source_label;     // deals.source of a feed refresh
  // The node's clock, for the feed refresh's seen time (a router without one
  // stamps 0, which the store refuses).
  std::shared_ptr<ingest::node_time> time;
  // Where completed batches are counted; none: not counted.
  std::shared_ptr<ingest::ingest_counters> counters;
  // Feed entries: new ASINs go on the pending queue (committed with the
  // batch's feed refreshes) for a drainer to fetch, instead of being fetched
  // before the batch is answered.
  bool queue_new = false;
};

router_actor spawn_router(caf::actor_system& sys, router_links links, router_rules rules);

} // namespace kd
