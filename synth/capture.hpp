// The whole universe as one captured /product response (full history, stats,
// offers), stamped with the universe's clock: what replay sources load.
#pragma once

#include "synth/universe.hpp"

#include <string>

namespace synth {

std::string capture_of(const universe& u);

} // namespace synth
