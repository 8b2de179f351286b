// Reads saved responses for inspect and analyze (see input_file.hpp).
#include "app/input_file.hpp"

#include "net/gzip.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

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

std::string read_response_file(const std::string& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> in(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!in)
    throw input_error(fmt::format("file {}: cannot be read: {}", path, std::strerror(errno)));
  std::string body;
  char buffer[1 << 16];
  while (const auto n = std::fread(buffer, 1, sizeof buffer, in.get()))
    body.append(buffer, n);
  if (std::ferror(in.get()))
    throw input_error(fmt::format("file {}: cannot be read: {}", path, std::strerror(errno)));
  if (!is_gzip(body))
    return body;
  try {
    return net::gunzip(body, max_inflated_bytes);
  } catch (const net::gzip_error& e) {
    throw input_error(fmt::format("file {}: is gzip, but cannot be inflated: {}", path, e.what()));
  }
}

} // namespace app
