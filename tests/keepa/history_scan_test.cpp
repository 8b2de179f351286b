// The history scanner against a plain reference: random arrays of 1- to
// 8-digit integers, both signs, across 64-byte blocks; and what it declines.
// Each case runs once for each way the scanner has of converting numbers (one
// at a time; two at a time with SSSE3 and eight at a time with AVX-512 VBMI2
// where this processor has them).
#include "keepa/history_scan.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace {

struct way {
  const char* name;
  keepa::detail::scanned_array (*scan)(const char*, const char*, std::vector<std::int32_t>&, std::size_t);
};

std::vector<way> ways() {
  std::vector<way> all{{"one at a time", keepa::detail::scan_int_array_generic}};
  if (keepa::detail::cpu_has_ssse3())
    all.push_back({"two at a time (SSSE3)", keepa::detail::scan_int_array_ssse3});
  if (keepa::detail::cpu_has_avx512_scan())
    all.push_back({"eight at a time (AVX-512 VBMI2)", keepa::detail::scan_int_array_avx512});
  else
    WARN("this processor has no AVX-512 VBMI2: the scanner's eight-at-a-time way is not tested here");
  return all;
}

// The ']' found, or nullptr; `out` gets the numbers read. `text` is padded
// first with the bytes the scanner needs to read any array whole. The
// scanner's buffer is kept from call to call, as the parser keeps it, so a
// short array after a long one must not see the long one's numbers.
const char* scan(const way& w, std::string& text, std::vector<std::int32_t>& out) {
  static std::vector<std::int32_t> buffer;
  text.append(keepa::detail::history_scan_reach, '\0');
  const keepa::detail::scanned_array scanned = w.scan(text.data(), text.data() + text.size(), buffer, 0);
  out.assign(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(scanned.close ? scanned.count : 0));
  return scanned.close;
}

// What the scanner must make of `text`, by the plain rules: elements split at
// commas, each an optional '-' and 1 to 8 digits without a leading zero.
std::optional<std::vector<std::int32_t>> reference(const std::string& text) {
  if (text.size() < 2 || text.front() != '[' || text.back() != ']')
    return std::nullopt;
  std::vector<std::int32_t> numbers;
  const std::string inner = text.substr(1, text.size() - 2);
  if (inner.empty())
    return numbers;
  std::size_t from = 0;
  while (true) {
    const std::size_t comma = std::min(inner.find(',', from), inner.size());
    std::string element = inner.substr(from, comma - from);
    const bool negative = !element.empty() && element[0] == '-';
    const std::string digits = element.substr(negative ? 1 : 0);
    if (digits.empty() || digits.size() > 8 || (digits[0] == '0' && digits.size() > 1) ||
        digits.find_first_not_of("0123456789") != std::string::npos)
      return std::nullopt;
    numbers.push_back((negative ? -1 : 1) * std::stoi(digits));
    if (comma == inner.size())
      return numbers;
    from = comma + 1;
  }
}

} // namespace

TEST_CASE("the scanner agrees with the plain rules wherever a block boundary falls") {
  const way w = GENERATE(from_range(ways()));
  INFO(w.name);
  // A lead of 1 to 8 digits and k more "1," pairs puts the tail at every
  // offset from a 64-byte block's start: each tail's tricky byte lands on the
  // last and the first byte of a block, and everywhere between.
  const std::vector<std::string> tails = {
      "5]",        "-5]",       "-]",       "-,1]",      ",]",         ",,1]",       "1-2]",      "05]",
      "0]",        "-0]",       "12345678]", "123456789]", "-12345678]", "99999999,1]", "1,-1,-1]",  "1]"};
  for (int lead = 1; lead <= 8; ++lead)
    for (int pairs = 0; pairs <= 40; ++pairs)
      for (const std::string& tail : tails) {
        std::string text = "[" + std::string(static_cast<std::size_t>(lead), '7');
        for (int k = 0; k < pairs; ++k) text += ",1";
        text += "," + tail;
        const auto want = reference(text);
        std::vector<std::int32_t> got;
        INFO(text);
        std::string padded = text;
        const char* close = scan(w, padded, got);
        REQUIRE((close != nullptr) == want.has_value());
        if (want) {
          CHECK(close == padded.data() + text.size() - 1);
          CHECK(got == *want);
        }
      }
}

TEST_CASE("the scanner reads random integer arrays as written") {
  const way w = GENERATE(from_range(ways()));
  INFO(w.name);
  std::mt19937 rng(7);  // fixed seed: the same arrays every run
  for (int round = 0; round < 500; ++round) {
    const std::size_t length = std::uniform_int_distribution<std::size_t>(0, 120)(rng);
    // Half the arrays without a sign: a block with one is read one number at a time.
    const bool signed_round = round % 2 == 0;
    std::vector<std::int32_t> want;
    std::string text = "[";
    for (std::size_t i = 0; i < length; ++i) {
      const int digits = std::uniform_int_distribution<int>(1, 8)(rng);
      std::int32_t x = std::uniform_int_distribution<std::int32_t>(0, 99999999)(rng);
      for (int d = 8; d > digits; --d) x /= 10;
      if (signed_round && rng() % 4 == 0) x = -x;
      want.push_back(x);
      text += (i ? "," : "") + std::to_string(x);
    }
    text += "]";
    const std::size_t close = text.size() - 1;
    std::vector<std::int32_t> got;
    INFO(text);
    const char* end = scan(w, text, got);
    REQUIRE(end == text.data() + close);
    CHECK(got == want);
  }
}

TEST_CASE("the scanner declines what it does not take, for the careful reader") {
  const way w = GENERATE(from_range(ways()));
  INFO(w.name);
  for (std::string text : {"null", "[1, 2]", " [1]", "[[1]]", "[1.5]", "[1e5]", "[01]", "[123456789]", "[1-2]",
                           "[-]", "[1,]", "[,1]", "[1,,2]", "[\"1\"]", "[true]", "[1}"}) {
    std::vector<std::int32_t> out;
    INFO(text);
    CHECK(scan(w, text, out) == nullptr);
  }
}

TEST_CASE("the scanner declines a leading zero wherever it stands among its neighbours") {
  // Numbers are read in pairs within a block: the zero must be caught as the
  // first of a pair and as the second, and alone at a block's end.
  const way w = GENERATE(from_range(ways()));
  INFO(w.name);
  for (const std::string bad : {"05", "00", "01234567"})
    for (int before = 0; before <= 40; ++before)
      for (int after = 0; after <= 3; ++after) {
        std::string text = "[";
        for (int i = 0; i < before; ++i) text += "1234,";
        text += bad;
        for (int i = 0; i < after; ++i) text += ",7";
        text += "]";
        std::vector<std::int32_t> out;
        INFO(text);
        CHECK(scan(w, text, out) == nullptr);
      }
}

TEST_CASE("the scanner takes an empty array, minus zero and eight digits") {
  const way w = GENERATE(from_range(ways()));
  INFO(w.name);
  std::vector<std::int32_t> out{5};
  std::string empty = "[]";
  const char* close = scan(w, empty, out);  // pads `empty` first
  CHECK(close == empty.data() + 1);
  CHECK(out.empty());
  std::string edge = "[-0,0,99999999,-99999999]";
  CHECK(scan(w, edge, out) != nullptr);
  CHECK(out == std::vector<std::int32_t>{0, 0, 99999999, -99999999});
}

TEST_CASE("the scanner puts the numbers from the index it is given on, and leaves those before") {
  const way w = GENERATE(from_range(ways()));
  INFO(w.name);
  std::string text = "[12,-3,456]" + std::string(keepa::detail::history_scan_reach, '\0');
  std::vector<std::int32_t> buffer{7, 8, 9};
  const auto scanned = w.scan(text.data(), text.data() + text.size(), buffer, 2);
  REQUIRE(scanned.close == text.data() + 10);
  REQUIRE(scanned.count == 3);
  CHECK(std::vector<std::int32_t>(buffer.begin(), buffer.begin() + 5) == std::vector<std::int32_t>{7, 8, 12, -3, 456});
}

TEST_CASE("the scanner reads nothing at or past the end it is given") {
  const way w = GENERATE(from_range(ways()));
  INFO(w.name);
  std::vector<std::int32_t> buffer;
  // The array alone in its own allocation (AddressSanitizer would see a read
  // past it): its one block would reach past the end, so it is declined.
  const std::string array = "[1,2,3]";
  const std::vector<char> exact(array.begin(), array.end());
  CHECK(w.scan(exact.data(), exact.data() + exact.size(), buffer, 0).close == nullptr);
  CHECK(w.scan(exact.data(), exact.data() + 1, buffer, 0).close == nullptr);
  // With history_scan_reach bytes from its ']' on, the same array is read.
  std::vector<char> room(exact);
  room.resize(exact.size() - 1 + keepa::detail::history_scan_reach);
  const auto scanned = w.scan(room.data(), room.data() + room.size(), buffer, 0);
  CHECK(scanned.close == room.data() + exact.size() - 1);
  CHECK(scanned.count == 3);
  // A long array is read in 64-byte blocks from its second byte on: with the
  // end a byte short of its last block's reach, it is declined.
  std::string long_array = "[1";
  for (int i = 0; i < 100; ++i) long_array += ",1";
  long_array += "]";
  const std::size_t close = long_array.size() - 1;
  const std::size_t last_block = 1 + (close - 1) / 64 * 64;
  std::vector<char> short_by_one(long_array.begin(), long_array.end());
  short_by_one.resize(last_block + keepa::detail::history_scan_reach - 1);
  CHECK(w.scan(short_by_one.data(), short_by_one.data() + short_by_one.size(), buffer, 0).close == nullptr);
  short_by_one.push_back('\0');
  CHECK(w.scan(short_by_one.data(), short_by_one.data() + short_by_one.size(), buffer, 0).count == 101);
}
