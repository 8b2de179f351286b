// The batch router: asks the writer which ASINs exist and sends each to the
// heavy or the light path; answers when both paths have committed their rows.
#pragma once

#include "messages/messages.hpp"

#include <caf/fwd.hpp>

namespace kd {

router_actor spawn_router(caf::actor_system& sys, writer_actor writer, heavy_fetcher_actor heavy,
                          light_fetcher_actor light);

} // namespace kd
