// The analyzer: runs the heavy deal math over full-history products.
#pragma once

#include "analysis/season_advisor.hpp"
#include "analysis/settings.hpp"
#include "messages/messages.hpp"

#include <caf/fwd.hpp>

#include <memory>

namespace kd {

// With an advisor (the optional LLM checks, which wait on the network) the
// analyzer runs detached, on a thread of its own, so its waiting blocks no
// other actor; without one it is an ordinary cooperative actor.
analyzer_actor spawn_analyzer(caf::actor_system& sys, const analysis::settings& settings, std::string source_label,
                              std::shared_ptr<analysis::season_advisor> advisor = nullptr);

} // namespace kd
