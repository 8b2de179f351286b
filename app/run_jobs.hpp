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

// The node against Keepa or the mock server: refiller, backfiller and janitor
// on their schedules (or each once) until `stop` is set; see actors/node.hpp.
// Exit status 0 when every run ended ok or was stopped, 1 when one failed,
// 2 when the node could not go on.
int run_node(const run_config& config, const std::atomic<bool>& stop);

} // namespace app
