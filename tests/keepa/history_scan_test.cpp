// The history scanner against a plain reference: random arrays of 1- to
// 8-digit integers, both signs, across 64-byte blocks; and what it declines.
#include "keepa/history_scan.hpp"

#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

namespace {

// The scanner may read history_scan_overread bytes past the ']'.
// The ']' found, or nullptr; `out` gets the numbers read. The scanner's
// buffer is kept from call to call, as the parser keeps it, so a short array
// after a long one must not see the long one's numbers.
const char* scan(std::string& text, std::vector<std::int32_t>& out) {
  static std::vector<std::int32_t> buffer;
  text.append(keepa::detail::history_scan_overread, '\0');
  const keepa::detail::scanned_array scanned = keepa::detail::scan_int_array(text.data(), buffer);
  out.assign(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(scanned.close ? scanned.count : 0));
  return scanned.close;
}

} // namespace

TEST_CASE("the scanner reads random integer arrays as written") {
  std::mt19937 rng(7);  // fixed seed: the same arrays every run
  for (int round = 0; round < 500; ++round) {
    const std::size_t length = std::uniform_int_distribution<std::size_t>(0, 120)(rng);
    std::vector<std::int32_t> want;
    std::string text = "[";
    for (std::size_t i = 0; i < length; ++i) {
      const int digits = std::uniform_int_distribution<int>(1, 8)(rng);
      std::int32_t x = std::uniform_int_distribution<std::int32_t>(0, 99999999)(rng);
      for (int d = 8; d > digits; --d) x /= 10;
      if (rng() % 4 == 0) x = -x;
      want.push_back(x);
      text += (i ? "," : "") + std::to_string(x);
    }
    text += "]";
    const std::size_t close = text.size() - 1;
    std::vector<std::int32_t> got;
    INFO(text);
    const char* end = scan(text, got);
    REQUIRE(end == text.data() + close);
    CHECK(got == want);
  }
}

TEST_CASE("the scanner declines what it does not take, for the careful reader") {
  for (std::string text : {"null", "[1, 2]", " [1]", "[[1]]", "[1.5]", "[1e5]", "[01]", "[123456789]", "[1-2]",
                           "[-]", "[1,]", "[,1]", "[1,,2]", "[\"1\"]", "[true]", "[1}"}) {
    std::vector<std::int32_t> out;
    INFO(text);
    CHECK(scan(text, out) == nullptr);
  }
}

TEST_CASE("the scanner takes an empty array, minus zero and eight digits") {
  std::vector<std::int32_t> out{5};
  std::string empty = "[]";
  const char* close = scan(empty, out);  // pads `empty` first
  CHECK(close == empty.data() + 1);
  CHECK(out.empty());
  std::string edge = "[-0,0,99999999,-99999999]";
  CHECK(scan(edge, out) != nullptr);
  CHECK(out == std::vector<std::int32_t>{0, 0, 99999999, -99999999});
}
