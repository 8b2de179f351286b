// The refiller's choice of deals from the feed, as a pure function: deals
// updated after the stored watermark, oldest first, at most `max_new`; and the
// watermark to store once their rows are committed.
#pragma once

#include "keepa/product.hpp"

#include <string>
#include <vector>

namespace ingest {

struct feed_window {
  std::vector<std::string> asins;
  // The lastUpdate up to which every fresh deal was chosen (the old
  // watermark when none was).
  keepa::keepa_minute next_watermark = 0;
  std::size_t older_skipped = 0;  // deals at or before the watermark
};

feed_window choose_new_deals(const std::vector<keepa::deal>& feed, keepa::keepa_minute watermark,
                             std::size_t max_new);

} // namespace ingest
