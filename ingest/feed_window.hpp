// The refiller's choice of deals from the feed, as a pure function: deals
// updated after the stored watermark, oldest first, at most `max_new`; and the
// watermark to store once their rows are committed.
#pragma once

#include "keepa/product.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace ingest {

struct feed_window {
  std::vector<std::string> asins;
  // The lastUpdate up to which every fresh deal was chosen (the old
  // watermark when none was).
  keepa::keepa_minute next_watermark = 0;
  std::size_t older_skipped = 0;  // deals at or before the watermark
};

// Every call makes progress: when more than `max_new` deals share the oldest
// fresh minute, that whole minute is taken (the cap is exceeded rather than
// the same deals chosen again and again with the watermark stuck).
feed_window choose_new_deals(const std::vector<keepa::deal>& feed, keepa::keepa_minute watermark,
                             std::size_t max_new);

// The watermark to store once the window was routed: the window's own, held
// back to just before the oldest deal left unwritten (failed, missing from
// Keepa's answer, or in flight for another job), so those come again on the
// next walk while every deal before them counts as done.
keepa::keepa_minute settled_watermark(const feed_window& window, const std::vector<keepa::deal>& feed,
                                      keepa::keepa_minute watermark, const std::vector<std::string>& unwritten);

// True when a page of the feed sorted newest first reaches the watermark:
// the pages after it hold nothing newer, so the walk can stop.
bool reaches_watermark(const std::vector<keepa::deal>& page, keepa::keepa_minute watermark);

// A stored watermark, read strictly: a clear error (std::invalid_argument,
// naming `key` and the text) for anything but a Keepa minute between 0 and
// the largest one Keepa's int32 minutes can hold.
keepa::keepa_minute parse_watermark(std::string_view key, std::string_view text);

} // namespace ingest
