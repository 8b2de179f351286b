// The jobs of `keepa-deals run`, one per mode (see run_config.hpp).
#pragma once

#include "app/run_config.hpp"

#include <atomic>

namespace app {

// The embedded default: the bundled capture (config.demo_capture) replayed as
// `replay` does. Without it (a binary moved away from its source tree), a
// synthetic universe rendered as captured payloads is replayed twice,
// `demo_hours_between_passes` apart: heavy first, then light refreshes.
int run_embedded(const run_config& config);

// `run --replay DIR`: a capture (see capture/capture_format.hpp) replayed as
// run_capture_replay does; a directory of /product bodies, each replayed once.
int run_replay(const run_config& config);

// `replay DIR`: every session of the capture through the whole node, offline,
// into the store. Exit 0, or 1 when `strict` and a request went unanswered.
int run_capture_replay(const run_config& config, const std::filesystem::path& dir, bool strict);

// The node against Keepa or the mock server: refiller, backfiller and janitor
// on their schedules (or each once) until `stop` is set; see actors/node.hpp.
// Exit status 0 when every run ended ok or was stopped, 1 when one failed,
// 2 when the node could not go on.
int run_node(const run_config& config, const std::atomic<bool>& stop);

} // namespace app
