// Reads saved responses for inspect and analyze (see input_file.hpp).
#include "app/input_file.hpp"

#include "keepa/parse_padded.hpp"
#include "net/gzip.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <sys/stat.h>

namespace app {
namespace {

// Far above any /product response (a hundred three-year books with offers
// inflate to ~12 MB), low enough that a gzip bomb is refused, not swapped in.
constexpr std::size_t max_inflated_bytes = std::size_t{1} << 30;

bool is_gzip(std::string_view body) {
  return body.size() >= 2 && static_cast<unsigned char>(body[0]) == 0x1f &&
         static_cast<unsigned char>(body[1]) == 0x8b;
}

} // namespace

bool refuse_directories(std::string_view command, const std::vector<std::string>& paths) {
  bool any = false;
  for (const auto& path : paths) {
    std::error_code ec;
    if (!std::filesystem::is_directory(path, ec))
      continue;
    fmt::print(stderr, "{}: {} is a directory, not a saved response file; name the files in it (e.g. {}/*.json)\n",
               command, path, path);
    any = true;
  }
  return any;
}

// keepa::body_padding zero bytes after the end, inside the string's capacity.
void pad(std::string& body) {
  const std::size_t n = body.size();
  body.resize(n + keepa::body_padding);
  body.resize(n);
}

std::string read_response_file(const std::string& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> in(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!in)
    throw input_error(fmt::format("file {}: cannot be read: {}", path, std::strerror(errno)));
  // One buffer of the file's size (plus the parser's padding), read in one
  // go: growing a string 64 KiB at a time copied a 9 MB file about twice and
  // touched twice its pages. A file that is not regular, or grows while
  // read, is read on in chunks.
  std::string body;
  struct stat info {};
  std::size_t expected = 0;
  if (::fstat(::fileno(in.get()), &info) == 0 && S_ISREG(info.st_mode))
    expected = static_cast<std::size_t>(info.st_size);
  body.resize(expected + keepa::body_padding);
  std::size_t got = std::fread(body.data(), 1, expected, in.get());
  body.resize(got);
  char buffer[1 << 16];
  while (!std::ferror(in.get()) && !std::feof(in.get()))
    if (const auto n = std::fread(buffer, 1, sizeof buffer, in.get()))
      body.append(buffer, n);
  if (std::ferror(in.get()))
    throw input_error(fmt::format("file {}: cannot be read: {}", path, std::strerror(errno)));
  if (!is_gzip(body)) {
    pad(body);
    return body;
  }
  try {
    std::string inflated = net::gunzip(body, max_inflated_bytes);
    pad(inflated);
    return inflated;
  } catch (const net::gzip_error& e) {
    throw input_error(fmt::format("file {}: is gzip, but cannot be inflated: {}", path, e.what()));
  }
}

} // namespace app
