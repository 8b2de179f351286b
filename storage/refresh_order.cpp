#include "storage/refresh_order.hpp"

#include <algorithm>
#include <cstring>

namespace storage {
namespace {

std::array<std::uint64_t, 2> key_of(const std::string& asin) {
  unsigned char bytes[16] = {};
  std::memcpy(bytes, asin.data(), std::min(asin.size(), sizeof bytes));
  std::array<std::uint64_t, 2> key{};
  for (int i = 0; i < 16; ++i) key[i / 8] = key[i / 8] << 8 | bytes[i];
  return key;
}

bool before(const refresh_ref& x, const refresh_ref& y) {
  if (x.key != y.key) return x.key < y.key;
  // The same first 16 bytes: a longer ASIN, one ending in NULs, or the same
  // ASIN twice. Rare, so the text is read only here.
  if (const int c = x.update->asin.compare(y.update->asin); c != 0) return c < 0;
  return x.batch != y.batch ? x.batch < y.batch : x.index < y.index;
}

} // namespace

std::vector<refresh_ref> refresh_order(std::span<const write_batch> segment) {
  std::size_t count = 0;
  for (const write_batch& batch : segment) count += batch.light_updates.size();
  std::vector<refresh_ref> order;
  order.reserve(count);
  for (std::uint32_t b = 0; b < segment.size(); ++b) {
    const std::vector<light_update>& updates = segment[b].light_updates;
    for (std::uint32_t i = 0; i < updates.size(); ++i) order.push_back({key_of(updates[i].asin), &updates[i], b, i});
  }
  // before() is a total order (batch and index break every tie), so an
  // unstable sort gives the stable result.
  std::sort(order.begin(), order.end(), before);
  return order;
}

} // namespace storage
