#include "ingest/feed_window.hpp"

#include <algorithm>
#include <unordered_set>

namespace ingest {

feed_window choose_new_deals(const std::vector<keepa::deal>& feed, keepa::keepa_minute watermark,
                             std::size_t max_new) {
  feed_window out;
  out.next_watermark = watermark;
  std::vector<const keepa::deal*> fresh;
  for (const auto& d : feed) {
    if (d.last_update > watermark)
      fresh.push_back(&d);
    else
      ++out.older_skipped;
  }
  // Oldest first: a capped run takes a prefix in time, and the next run
  // carries on from where this one stopped.
  std::stable_sort(fresh.begin(), fresh.end(),
                   [](const keepa::deal* a, const keepa::deal* b) { return a->last_update < b->last_update; });
  std::unordered_set<std::string> seen;
  std::size_t taken = 0;
  for (; taken < fresh.size() && out.asins.size() < max_new; ++taken)
    if (seen.insert(fresh[taken]->asin).second)
      out.asins.push_back(fresh[taken]->asin);
  if (taken == 0)
    return out;
  const auto last = fresh[taken - 1]->last_update;
  // When the cap cut through deals of the same minute, stop just before that
  // minute: those taken come again next run (as cheap light refreshes) rather
  // than those left behind being skipped for good.
  const bool cut_within_minute = taken < fresh.size() && fresh[taken]->last_update == last;
  out.next_watermark = std::max(watermark, cut_within_minute ? last - 1 : last);
  return out;
}

} // namespace ingest
