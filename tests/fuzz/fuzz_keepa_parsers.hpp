// What every parser target asserts: a body either parses or is refused with
// keepa::parse_error (which names where); any other exception, a crash or a
// sanitizer report is a finding.
#pragma once

#include "keepa/parse.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace fuzz {

template <class Parse>
int refused_or_parsed(const std::uint8_t* data, std::size_t size, Parse&& parse) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  try {
    parse(body);
  } catch (const keepa::parse_error&) {
    // A clear refusal is the expected outcome for most inputs.
  }
  return 0;
}

} // namespace fuzz
