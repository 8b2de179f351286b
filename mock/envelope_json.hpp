// JSON the mock writes itself: the envelope fields as members (for /token and
// replayed captures; synth/render.hpp writes the other bodies) and quoted text.
#pragma once

#include "keepa/product.hpp"

#include <string>
#include <string_view>

namespace mock {

// `"timestamp":..,"tokensLeft":..,...` without braces, to open an object with.
std::string envelope_members(const keepa::envelope& env);

// A JSON string literal of `text`; control and non-ASCII bytes become '?'.
std::string json_quote(std::string_view text);
// {"error":"<message>"}
std::string error_json(std::string_view message);

} // namespace mock
