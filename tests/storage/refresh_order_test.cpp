// The order a transaction applies its refreshes in: by ASIN as text, and two
// refreshes of one ASIN in the order their batches gave them.
#include "storage/refresh_order.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <string>
#include <tuple>
#include <vector>

namespace {

storage::light_update refresh_of(const std::string& asin) {
  storage::light_update u;
  u.asin = asin;
  return u;
}

storage::write_batch batch_of(std::initializer_list<std::string> asins) {
  storage::write_batch b;
  for (const std::string& asin : asins) b.light_updates.push_back(refresh_of(asin));
  return b;
}

// (ASIN, batch, index) of each ref, in order.
std::vector<std::tuple<std::string, std::uint32_t, std::uint32_t>> listed(
    const std::vector<storage::refresh_ref>& order) {
  std::vector<std::tuple<std::string, std::uint32_t, std::uint32_t>> out;
  for (const auto& r : order) out.emplace_back(r.update->asin, r.batch, r.index);
  return out;
}

} // namespace

TEST_CASE("refreshes are ordered by ASIN across batches, each pointing at its update") {
  const std::vector<storage::write_batch> segment{batch_of({"B000000003", "B000000001"}),
                                                  batch_of({"B000000002"})};
  const auto order = storage::refresh_order(segment);
  using row = std::tuple<std::string, std::uint32_t, std::uint32_t>;
  CHECK(listed(order) == std::vector<row>{{"B000000001", 0, 1}, {"B000000002", 1, 0}, {"B000000003", 0, 0}});
  CHECK(order[0].update == &segment[0].light_updates[1]);
}

TEST_CASE("two refreshes of one ASIN keep batch order, then their order in a batch") {
  const std::vector<storage::write_batch> segment{batch_of({"B00000000X", "B000000001", "B00000000X"}),
                                                  batch_of({"B00000000X", "B000000001"})};
  using row = std::tuple<std::string, std::uint32_t, std::uint32_t>;
  CHECK(listed(storage::refresh_order(segment)) ==
        std::vector<row>{{"B000000001", 0, 1}, {"B000000001", 1, 1}, {"B00000000X", 0, 0},
                         {"B00000000X", 0, 2}, {"B00000000X", 1, 0}});
}

TEST_CASE("keys past 16 bytes, prefixes and NULs order as the text does") {
  // Equal in their first 16 bytes, so only the text tells them apart.
  const std::string long_a = "ABCDEFGHIJKLMNOP-a", long_b = "ABCDEFGHIJKLMNOP-b";
  const std::string with_nul("AB\0", 3);
  const std::vector<storage::write_batch> segment{
      batch_of({long_b, "ABCDEFGHIJKLMNOP", with_nul, long_a, "AB", "A", "\xff", ""})};
  std::vector<std::string> got;
  for (const auto& r : storage::refresh_order(segment)) got.push_back(r.update->asin);
  CHECK(got == std::vector<std::string>{"", "A", "AB", with_nul, "ABCDEFGHIJKLMNOP", long_a, long_b, "\xff"});
}

TEST_CASE("any mix of ASINs comes out as a stable sort of the batches in turn would give it") {
  std::mt19937 random(20261206);
  const std::string alphabet("AB0\xff", 4);
  std::vector<storage::write_batch> segment(5);
  std::vector<std::tuple<std::string, std::uint32_t, std::uint32_t>> expected;
  for (std::uint32_t b = 0; b < segment.size(); ++b) {
    for (std::uint32_t i = 0; i < 200; ++i) {
      // Short and long ASINs over a small alphabet, so that prefixes and
      // repeats are common.
      std::string asin(random() % 20, 'A');
      for (char& c : asin) c = alphabet[random() % alphabet.size()];
      segment[b].light_updates.push_back(refresh_of(asin));
      expected.emplace_back(asin, b, i);
    }
  }
  std::stable_sort(expected.begin(), expected.end(),
                   [](const auto& x, const auto& y) { return std::get<0>(x) < std::get<0>(y); });
  CHECK(listed(storage::refresh_order(segment)) == expected);
}
