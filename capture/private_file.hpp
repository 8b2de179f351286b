// Owner-only files for captures: a capture holds what the seller's account
// fetched, so it is created 0600 (directories 0700) whatever the umask.
// Errors throw std::runtime_error naming the path and the system's reason.
#pragma once

#include <filesystem>
#include <string_view>

namespace capture {

void make_private_directory(const std::filesystem::path& dir);  // fine if it exists
void write_private_file(const std::filesystem::path& file, std::string_view bytes);  // new file only
int open_private_append(const std::filesystem::path& file);
void append_private(int fd, std::string_view bytes, const std::filesystem::path& file);
void close_private_fd(int& fd);

} // namespace capture
