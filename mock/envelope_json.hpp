// The envelope fields as JSON members, for the bodies the mock writes itself
// (/token, replayed captures); synth/render.hpp writes the others.
#pragma once

#include "keepa/product.hpp"

#include <string>

namespace mock {

// `"timestamp":..,"tokensLeft":..,...` without braces, to open an object with.
std::string envelope_members(const keepa::envelope& env);

} // namespace mock
