// Before/after: the heavy analysis of 1,000 synthetic three-year books gives
// exactly the answers the code gave before it was made faster. The stored
// hashes (expected_answers_1000.txt) were written by `bench_analysis
// --write-answers` built from that earlier code; a difference names the book
// and prints its answers now.
#include "analysis/analyze.hpp"
#include "analysis/answer_digest.hpp"
#include "synth/universe.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <sstream>
#include <string>

#ifndef ANALYSIS_EXPECTED_ANSWERS
#error "ANALYSIS_EXPECTED_ANSWERS (the stored answers file) is set by tests/analysis/CMakeLists.txt"
#endif

namespace {

std::map<std::string, std::uint64_t> stored_answers() {
  std::ifstream in(ANALYSIS_EXPECTED_ANSWERS);
  REQUIRE(in);
  std::map<std::string, std::uint64_t> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#')
      continue;
    std::istringstream fields(line);
    std::string asin, hash;
    fields >> asin >> hash;
    out[asin] = std::stoull(hash, nullptr, 16);
  }
  return out;
}

} // namespace

TEST_CASE("1,000 synthetic three-year books get the answers the earlier analysis gave, bit for bit", "[analyze][slow]") {
  const auto expected = stored_answers();
  REQUIRE(expected.size() == 1000);
  synth::universe u({.products = 1000, .seed = 7, .history_days = 1095});
  const analysis::settings s;
  const keepa::unix_seconds now = keepa::to_unix(u.now());
  std::size_t same = 0, deals = 0;
  for (std::size_t i = 0; i < u.size(); ++i) {
    const auto r = analysis::analyze(u.product(i), s, now);
    const std::string line = analysis::answer_line(r);
    const auto it = expected.find(r.asin);
    INFO("book " << i << ": " << line);
    REQUIRE(it != expected.end());
    CHECK(analysis::answer_hash(line) == it->second);
    same += analysis::answer_hash(line) == it->second;
    deals += r.is_deal();
  }
  CHECK(same == 1000);
  // The set is worth comparing: most books are deals with every field filled.
  CHECK(deals > 900);
}
