#include "ingest/feed_window.hpp"

#include <algorithm>
#include <charconv>
#include <limits>
#include <stdexcept>
#include <unordered_map>
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
  auto take = [&] {
    if (seen.insert(fresh[taken]->asin).second)
      out.asins.push_back(fresh[taken]->asin);
    ++taken;
  };
  while (taken < fresh.size() && out.asins.size() < max_new)
    take();
  if (taken == 0)
    return out;
  auto last = fresh[taken - 1]->last_update;
  // When the cap cut through deals of the same minute, stop just before that
  // minute: those taken come again next run (as cheap light refreshes) rather
  // than those left behind being skipped for good. If that minute is the
  // oldest fresh one, stopping before it is no progress at all (the next walk
  // would choose the same deals): take the rest of it instead.
  bool cut_within_minute = taken < fresh.size() && fresh[taken]->last_update == last;
  if (cut_within_minute && last == fresh.front()->last_update) {
    while (taken < fresh.size() && fresh[taken]->last_update == last)
      take();
    cut_within_minute = false;
  }
  out.next_watermark = std::max(watermark, cut_within_minute ? last - 1 : last);
  return out;
}

keepa::keepa_minute settled_watermark(const feed_window& window, const std::vector<keepa::deal>& feed,
                                      keepa::keepa_minute watermark, const std::vector<std::string>& unwritten) {
  if (unwritten.empty())
    return window.next_watermark;
  std::unordered_map<std::string_view, keepa::keepa_minute> newest;
  for (const auto& d : feed) {
    auto& t = newest[d.asin];
    t = std::max(t, d.last_update);
  }
  keepa::keepa_minute next = window.next_watermark;
  for (const auto& asin : unwritten)
    if (auto it = newest.find(asin); it != newest.end() && it->second > watermark)
      next = std::min(next, it->second - 1);
  return std::max(watermark, next);
}

bool reaches_watermark(const std::vector<keepa::deal>& page, keepa::keepa_minute watermark) {
  return std::any_of(page.begin(), page.end(), [&](const keepa::deal& d) { return d.last_update <= watermark; });
}

keepa::keepa_minute parse_watermark(std::string_view key, std::string_view text) {
  std::int64_t value = -1;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value < 0 ||
      value > std::numeric_limits<keepa::keepa_minute>::max())
    throw std::invalid_argument("system_state " + std::string(key) + " = '" + std::string(text) +
                                "' is not a Keepa minute (digits, 0 to " +
                                std::to_string(std::numeric_limits<keepa::keepa_minute>::max()) +
                                "); fix or delete that row to go on");
  return static_cast<keepa::keepa_minute>(value);
}

} // namespace ingest
