// The jobs of `keepa-deals run`, one per mode (see run_config.hpp).
#pragma once

#include "app/run_config.hpp"

#include <atomic>

namespace app {

// The embedded default: a synthetic universe rendered as captured payloads and
// replayed twice into the store, `demo_hours_between_passes` apart: the first
// pass finds every deal new (heavy), the second refreshes them (light).
int run_embedded(const run_config& config);

// Replays every captured /product response in a directory into the store once.
int run_replay(const run_config& config);

// The refiller against Keepa or the mock server: walks the deal feed, routes
// deals newer than the watermark, stores the watermark once their rows are
// committed, runs the janitor; every interval until `stop` (or once).
int run_live(const run_config& config, const std::atomic<bool>& stop);

// The backfiller against Keepa or the mock server: walks the whole deal feed
// (by percent delta) from the saved page:chunk cursor, routing a chunk at a
// time and moving the cursor after each committed chunk, until the feed ends,
// `backfill_max_deals` were routed, or `stop`.
int run_backfill(const run_config& config, const std::atomic<bool>& stop);

} // namespace app
