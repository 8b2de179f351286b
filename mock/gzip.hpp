// gzip (RFC 1952) bodies with zlib, as Keepa sends every response.
#pragma once

#include <string>
#include <string_view>

namespace mock {

std::string gzip_compress(std::string_view data, int level);
// Throws std::runtime_error naming the zlib failure (truncated, corrupt).
std::string gzip_decompress(std::string_view data);

} // namespace mock
