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
#include <utility>

#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

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

namespace {

// keepa::body_padding zero bytes after the end, inside the string's capacity.
void pad(std::string& body) {
  const std::size_t n = body.size();
  body.resize(n + keepa::body_padding);
  body.resize(n);
}

std::size_t round_up(std::size_t n, std::size_t page) { return (n + page - 1) / page * page; }

// What is not a regular file (a pipe, /dev/stdin), or could not be mapped.
std::string read_all(std::FILE* in, std::size_t expected, const std::string& path) {
  std::string body;
  body.reserve(expected + keepa::body_padding);
  body.resize(expected);
  body.resize(std::fread(body.data(), 1, expected, in));
  char buffer[1 << 16];
  while (!std::ferror(in) && !std::feof(in))
    if (const auto n = std::fread(buffer, 1, sizeof buffer, in))
      body.append(buffer, n);
  if (std::ferror(in))
    throw input_error(fmt::format("file {}: cannot be read: {}", path, std::strerror(errno)));
  return body;
}

} // namespace

response_body::response_body(std::string text) : owned_(std::move(text)) { pad(owned_); }

// The file's pages, then anonymous zero pages for the padding: one range is
// reserved, and the file is mapped over its start. Past the end of the file
// its last page reads as zeros too.
response_body response_body::map_padded(int fd, std::size_t size) {
  const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  const std::size_t bytes = round_up(size + keepa::body_padding, page);
  void* base = ::mmap(nullptr, bytes, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (base == MAP_FAILED)
    return {};
  // MAP_POPULATE maps every page now, in one call, instead of a fault a page.
  if (::mmap(base, round_up(size, page), PROT_READ, MAP_PRIVATE | MAP_FIXED | MAP_POPULATE, fd, 0) == MAP_FAILED) {
    ::munmap(base, bytes);
    return {};
  }
  response_body body;
  body.mapped_ = static_cast<const char*>(base);
  body.size_ = size;
  body.mapped_bytes_ = bytes;
  return body;
}

response_body::response_body(response_body&& other) noexcept
    : owned_(std::move(other.owned_)), mapped_(other.mapped_), size_(other.size_), mapped_bytes_(other.mapped_bytes_) {
  other.mapped_ = nullptr;
}

response_body& response_body::operator=(response_body&& other) noexcept {
  if (this != &other) {
    unmap();
    owned_ = std::move(other.owned_);
    mapped_ = std::exchange(other.mapped_, nullptr);
    size_ = other.size_;
    mapped_bytes_ = other.mapped_bytes_;
  }
  return *this;
}

response_body::~response_body() { unmap(); }

void response_body::unmap() noexcept {
  if (mapped_)
    ::munmap(const_cast<char*>(mapped_), mapped_bytes_);
  mapped_ = nullptr;
}

response_body read_response_file(const std::string& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> in(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!in)
    throw input_error(fmt::format("file {}: cannot be read: {}", path, std::strerror(errno)));
  struct stat info {};
  std::size_t expected = 0;
  if (::fstat(::fileno(in.get()), &info) == 0 && S_ISREG(info.st_mode))
    expected = static_cast<std::size_t>(info.st_size);
  response_body body = expected > 0 ? response_body::map_padded(::fileno(in.get()), expected) : response_body{};
  if (body.text().empty())
    body = response_body(read_all(in.get(), expected, path));
  if (!is_gzip(body.text()))
    return body;
  try {
    return response_body(net::gunzip(body.text(), max_inflated_bytes));
  } catch (const net::gzip_error& e) {
    throw input_error(fmt::format("file {}: is gzip, but cannot be inflated: {}", path, e.what()));
  }
}

} // namespace app
