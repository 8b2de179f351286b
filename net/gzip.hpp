// gzip inflation with a size limit (zlib), and deflation for test servers.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace net {

class gzip_error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

// Throws gzip_error when the data is not gzip, is truncated, has trailing
// garbage, or would inflate beyond max_output bytes.
std::string gunzip(std::string_view compressed, std::size_t max_output);

std::string gzip(std::string_view plain, int level = 6);

} // namespace net
