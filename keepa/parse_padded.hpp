// Parsing a /product body that has readable bytes after it (`inspect` and
// `analyze` read a file into such a buffer). No parse copies a whole body any
// more (the prescan copies only what is not history, keepa/history_prescan.hpp):
// the padding only lets the scanner read a history that ends within 80 bytes
// of the body's end, which parse_product_response leaves to the careful reader.
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
