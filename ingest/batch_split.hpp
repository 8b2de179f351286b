// The router's decision, as a pure function: which ASINs of a batch need the
// heavy path (new, or stored without the analysed fields a light refresh
// keeps) and which can be refreshed light.
#pragma once

#include "storage/deal_row.hpp"

#include <span>
#include <string>
#include <unordered_map>
#include <vector>

namespace ingest {

struct light_item {
  std::string asin;
  storage::kept_fields kept;
};

struct routed_batch {
  std::vector<std::string> heavy;
  std::vector<light_item> light;
  std::vector<std::string> skipped;  // new, but judged not viable beforehand
};

using existing_rows = std::unordered_map<std::string, storage::kept_fields>;

// Duplicates within the batch are routed once, in first-seen order. A new
// ASIN listed in `not_viable` (the feed's free peek said no) is skipped
// rather than fetched heavy; a known one is refreshed light all the same, so
// the janitor does not take it.
routed_batch split_batch(std::span<const std::string> asins, const existing_rows& existing,
                         std::span<const std::string> not_viable = {});

// Splits `items` into requests of at most `size` (Keepa takes 100 ASINs a call).
template <class T>
std::vector<std::vector<T>> chunked(std::vector<T> items, std::size_t size) {
  std::vector<std::vector<T>> chunks;
  for (std::size_t i = 0; i < items.size(); i += size) {
    auto first = items.begin() + static_cast<std::ptrdiff_t>(i);
    auto last = items.begin() + static_cast<std::ptrdiff_t>(std::min(items.size(), i + size));
    chunks.emplace_back(std::make_move_iterator(first), std::make_move_iterator(last));
  }
  return chunks;
}

} // namespace ingest
