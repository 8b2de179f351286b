#include "ingest/batch_split.hpp"

#include <unordered_set>

namespace ingest {

routed_batch split_batch(std::span<const std::string> asins, const existing_rows& existing,
                         std::span<const std::string> not_viable) {
  const std::unordered_set<std::string_view> skip_if_new(not_viable.begin(), not_viable.end());
  routed_batch out;
  std::unordered_set<std::string_view> routed;
  routed.reserve(asins.size());
  for (const auto& asin : asins) {
    if (!routed.insert(asin).second)
      continue;
    auto it = existing.find(asin);
    // A "zombie" row lacks List at or 1yr Avg: a light refresh could not
    // recompute its profit, so it is analysed again.
    if (it == existing.end() && skip_if_new.contains(asin))
      out.skipped.push_back(asin);
    else if (it == existing.end() || it->second.is_zombie())
      out.heavy.push_back(asin);
    else
      out.light.push_back({asin, it->second});
  }
  return out;
}

} // namespace ingest
