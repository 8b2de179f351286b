// select_ranks gives the values a full sort would put at the asked ranks,
// for repeats, sorted and reversed input, and ranges past the stack buffer.
#include "analysis/selection.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <vector>

TEST_CASE("select_ranks agrees with sorting", "[selection]") {
  std::mt19937_64 rng(14);
  for (int round = 0; round < 3000; ++round) {
    const std::size_t n = 1 + rng() % (round % 10 == 0 ? 3000 : 80);  // some beyond 1,024 (heap scratch)
    const std::uint64_t spread = round % 3 == 0 ? 5 : 100000;            // many repeats, or few
    std::vector<analysis::cents> values(n);
    for (auto& v : values)
      v = static_cast<analysis::cents>(rng() % spread) - 50;
    if (round % 11 == 0)
      std::sort(values.begin(), values.end());
    if (round % 13 == 0)
      std::sort(values.rbegin(), values.rend());
    std::vector<std::size_t> ranks(1 + rng() % 5);
    for (auto& r : ranks)
      r = rng() % n;
    std::sort(ranks.begin(), ranks.end());

    const std::vector<analysis::cents> before = values;
    std::vector<analysis::cents> got(ranks.size());
    analysis::select_ranks(values, ranks, got);
    CHECK(values == before);  // left as they were
    std::vector<analysis::cents> sorted = values;
    std::sort(sorted.begin(), sorted.end());
    for (std::size_t i = 0; i < ranks.size(); ++i) {
      INFO("round " << round << ", n " << n << ", rank " << ranks[i]);
      CHECK(got[i] == sorted[ranks[i]]);
    }
  }
}
