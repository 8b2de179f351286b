// Runs the keepa-deals binary as a real process from a test's directory and
// collects its exit code, stdout and stderr. Shared by the tests/app tests.
#pragma once

#include "tests/storage/store_fixture.hpp"

#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

namespace app_test {

using storage_test::temp_dir;

struct run_result {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline std::string quoted(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// Runs the binary with `args` (already quoted where needed) from `dir`.
inline run_result keepa_deals(const temp_dir& dir, const std::string& args) {
  const auto out = dir.file("stdout"), err = dir.file("stderr");
  const std::string command = "cd " + quoted(dir.file("").string()) + " && " +
                              quoted(KEEPA_DEALS_BINARY) + " " + args + " >" +
                              quoted(out.string()) + " 2>" + quoted(err.string());
  const int status = std::system(command.c_str());
  run_result r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = slurp(out);
  r.err = slurp(err);
  return r;
}

} // namespace app_test
