// The files `inspect` and `analyze` read: saved Keepa responses, as JSON or
// gzipped as Keepa sends them. A directory where a file was wanted is a usage
// error, named before any file is read.
#pragma once

#include <cstddef>
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

// A saved response's body, with keepa::body_padding readable zero bytes after
// it, so that text() can go to keepa::parse_padded_product_response. A regular
// file is mapped, not read: its pages come from the page cache with neither a
// copy nor fresh zeroed memory (the read was a third of inspect's time).
// Anything else, and a gzip (inflated), is held in memory.
class response_body {
public:
  response_body() = default;
  explicit response_body(std::string text);
  response_body(response_body&& other) noexcept;
  response_body& operator=(response_body&& other) noexcept;
  ~response_body();

  std::string_view text() const { return mapped_ ? std::string_view(mapped_, size_) : std::string_view(owned_); }

private:
  friend response_body read_response_file(const std::string& path);
  // The first `size` bytes of `fd` mapped with the padding after them; an
  // empty body when the system refuses (the file is then read instead).
  static response_body map_padded(int fd, std::size_t size);
  void unmap() noexcept;

  std::string owned_;
  const char* mapped_ = nullptr;  // the mapping's start, when mapped
  std::size_t size_ = 0;          // the file's bytes
  std::size_t mapped_bytes_ = 0;  // the file's pages plus the padding's
};

// The file's body; gzip (by its magic bytes) is inflated. Throws input_error
// for a file that cannot be opened or read and for a gzip that cannot be
// inflated (the message says it is gzip). A mapped file must not be cut short
// while its body is in use (the process would get SIGBUS): inspect and
// analyze read saved responses, not files being written.
response_body read_response_file(const std::string& path);

} // namespace app
