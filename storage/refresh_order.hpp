// The order a transaction applies its light refreshes in: by ASIN, so that
// consecutive UPDATEs land on neighbouring pages of deal_live's b-tree
// (bench_light_updates: the raw probe runs 1.2-1.4 times faster in ASIN order
// than in random order at 20,000 rows a transaction), and two refreshes of
// one ASIN in the order their batches gave them.
#pragma once

#include "storage/deal_store.hpp"

#include <array>
#include <cstdint>
#include <span>
#include <vector>

namespace storage {

struct refresh_ref {
  // The ASIN's first 16 bytes, zero-padded, as two big-endian words: they
  // compare as the text does, without reaching into the update (which, at
  // 20,000 a transaction, is a cache miss per comparison).
  std::array<std::uint64_t, 2> key;
  const light_update* update;
  std::uint32_t batch;  // which of the segment's batches
  std::uint32_t index;  // its place in that batch's light_updates
};

// Every batch's light updates, sorted by ASIN; equal ASINs keep batch order,
// then their order within a batch.
std::vector<refresh_ref> refresh_order(std::span<const write_batch> segment);

// Brings a light update's cache lines in ahead of its use: in ASIN order the
// updates are visited out of their order in memory.
inline void prefetch(const light_update* u) {
  const char* first = reinterpret_cast<const char*>(u);
  for (std::size_t at = 0; at < sizeof(light_update); at += 64) __builtin_prefetch(first + at);
}

} // namespace storage
