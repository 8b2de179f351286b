// The analyzer: runs the heavy deal math over full-history products.
#pragma once

#include "analysis/settings.hpp"
#include "messages/messages.hpp"

#include <caf/fwd.hpp>

namespace kd {

analyzer_actor spawn_analyzer(caf::actor_system& sys, const analysis::settings& settings, std::string source_label);

} // namespace kd
