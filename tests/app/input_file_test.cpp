// app::read_response_file without a process: a mapped file's body is the
// file's bytes with keepa::body_padding zero bytes after them, at every size
// (a file of whole pages gets its padding from the extra page); a pipe is read
// instead of mapped; a missing file is named.
#include "app/input_file.hpp"
#include "keepa/parse_padded.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include <fcntl.h>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;

struct temp_file {
  fs::path path = fs::temp_directory_path() / ("kd-input-" + std::to_string(::getpid()) + ".json");
  explicit temp_file(const std::string& bytes) { std::ofstream(path, std::ios::binary) << bytes; }
  ~temp_file() {
    std::error_code ec;
    fs::remove(path, ec);
  }
};

bool padded_with_zeros(std::string_view text) {
  const char* after = text.data() + text.size();
  return std::all_of(after, after + keepa::body_padding, [](char c) { return c == 0; });
}

std::string bytes_of(std::size_t n) {
  std::string s(n, 'x');
  for (std::size_t i = 0; i < n; ++i)
    s[i] = static_cast<char>('a' + i % 26);
  return s;
}

} // namespace

TEST_CASE("a mapped file is its bytes followed by zero padding, whole pages or not") {
  const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  for (const std::size_t size : {std::size_t{1}, std::size_t{100}, page - 1, page, 3 * page, 3 * page + 7}) {
    INFO("size " << size);
    const std::string content = bytes_of(size);
    temp_file file(content);
    const app::response_body body = app::read_response_file(file.path.string());
    CHECK(body.text() == content);
    CHECK(padded_with_zeros(body.text()));
  }
}

TEST_CASE("a body moved on keeps its text, and the one it left is empty") {
  const std::string content = bytes_of(5000);
  temp_file file(content);
  app::response_body first = app::read_response_file(file.path.string());
  app::response_body second = std::move(first);
  CHECK(second.text() == content);
  CHECK(first.text().empty());  // a moved-from body owns nothing
  app::response_body third;
  third = std::move(second);
  CHECK(third.text() == content);
  CHECK(padded_with_zeros(third.text()));
}

TEST_CASE("a pipe is read, not mapped, and padded the same") {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  const std::string content = bytes_of(3000);  // within the pipe's buffer
  REQUIRE(::write(fds[1], content.data(), content.size()) == static_cast<ssize_t>(content.size()));
  ::close(fds[1]);
  const app::response_body body = app::read_response_file("/proc/self/fd/" + std::to_string(fds[0]));
  ::close(fds[0]);
  CHECK(body.text() == content);
  CHECK(padded_with_zeros(body.text()));
}

TEST_CASE("a file that cannot be opened is named with the reason") {
  try {
    (void)app::read_response_file("/nonexistent/kd-missing.json");
    FAIL("no error");
  } catch (const app::input_error& e) {
    CHECK(std::string(e.what()) == "file /nonexistent/kd-missing.json: cannot be read: No such file or directory");
  }
}
