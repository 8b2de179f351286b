// Parsing a /product body where it lies, without the parser's copy: for a
// body read once from a file (`inspect`, `analyze`), where the copy and the
// pages it touches cost more than they do in a loop that reuses them.
#pragma once

#include "keepa/parse.hpp"

#include <cstddef>

namespace keepa {

// Bytes the parser may read past the end of a body (simdjson's padding).
inline constexpr std::size_t body_padding = 64;

// As parse_product_response; at least body_padding readable bytes must
// follow `body` (app::read_response_file leaves them).
product_response parse_padded_product_response(std::string_view body, std::string_view source);

} // namespace keepa
