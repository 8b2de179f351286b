#include "ingest/backfill_progress.hpp"

#include <algorithm>
#include <cmath>

namespace ingest {

std::string short_duration(double seconds) {
  const auto s = static_cast<std::int64_t>(std::llround(std::max(seconds, 0.0)));
  if (s < 60)
    return std::to_string(s) + " s";
  if (s < 3600)
    return std::to_string(s / 60) + " min " + std::to_string(s % 60) + " s";
  return std::to_string(s / 3600) + " h " + std::to_string(s % 3600 / 60) + " min";
}

std::string progress_line(const backfill_progress& p) {
  std::string out = "backfill: page " + std::to_string(p.page + 1) + "/" + std::to_string(p.max_pages) + ", " +
                    std::to_string(p.asins) + "/" + std::to_string(p.max_asins) + " ASINs, " +
                    std::to_string(p.tokens) + " tokens, " + short_duration(p.elapsed_seconds) + " elapsed, ETA ";
  // The share of the run done, by the limit nearest to being reached.
  const double by_asins = p.max_asins > 0 ? static_cast<double>(p.asins) / static_cast<double>(p.max_asins) : 0;
  const double by_pages = p.max_pages > 0 ? static_cast<double>(p.page) / static_cast<double>(p.max_pages) : 0;
  const double done = std::min(1.0, std::max(by_asins, by_pages));
  if (done <= 0 || p.elapsed_seconds <= 0)
    return out + "?";
  return out + short_duration(p.elapsed_seconds * (1 - done) / done);
}

} // namespace ingest
