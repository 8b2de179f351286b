#include "capture/private_file.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <stdexcept>
#include <sys/stat.h>
#include <unistd.h>

namespace capture {
namespace {

[[noreturn]] void fail(std::string_view what, const std::filesystem::path& path) {
  throw std::runtime_error(fmt::format("cannot {} {}: {}", what, path.string(), std::strerror(errno)));
}

int open_owner_only(const std::filesystem::path& file, int flags) {
  const int fd = ::open(file.c_str(), flags | O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    fail("create", file);
  if (::fchmod(fd, 0600) != 0) {  // the umask may have taken bits away, or the file existed
    ::close(fd);
    fail("make owner-only (0600)", file);
  }
  return fd;
}

} // namespace

void make_private_directory(const std::filesystem::path& dir) {
  if (::mkdir(dir.c_str(), 0700) == 0)
    return;
  if (errno == ENOENT && dir.has_parent_path()) {  // the parents as the user's umask has them
    std::error_code ec;
    std::filesystem::create_directories(dir.parent_path(), ec);
    if (::mkdir(dir.c_str(), 0700) == 0)
      return;
  }
  if (errno != EEXIST)
    fail("create directory", dir);
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
    throw std::runtime_error(fmt::format("capture: {} exists and is not a directory", dir.string()));
}

void write_private_file(const std::filesystem::path& file, std::string_view bytes) {
  int fd = open_owner_only(file, O_EXCL | O_TRUNC);
  append_private(fd, bytes, file);
  close_private_fd(fd);
}

int open_private_append(const std::filesystem::path& file) { return open_owner_only(file, O_APPEND); }

void append_private(int fd, std::string_view bytes, const std::filesystem::path& file) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      fail("write", file);
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

void close_private_fd(int& fd) {
  if (fd >= 0)
    ::close(fd);
  fd = -1;
}

} // namespace capture
