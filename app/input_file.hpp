// The files `inspect` and `analyze` read: saved Keepa responses, as JSON or
// gzipped as Keepa sends them. A directory where a file was wanted is a usage
// error, named before any file is read.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace app {

// A file that cannot be used; the message names it and says why.
class input_error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

// Prints "<command>: <path> is a directory, ..." on stderr for each directory
// among `paths`; true when there was one (the command then exits 2).
bool refuse_directories(std::string_view command, const std::vector<std::string>& paths);

// The file's body; gzip (by its magic bytes) is inflated. keepa::body_padding
// zero bytes follow it inside the string's buffer, so it can be given to
// keepa::parse_padded_product_response as long as the string is not changed. Throws input_error
// for a file that cannot be opened or read and for a gzip that cannot be
// inflated (the message says it is gzip).
std::string read_response_file(const std::string& path);

} // namespace app
