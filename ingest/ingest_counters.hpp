// What ingestion did since the node started, by path: the figures the
// capacity benchmark divides tokens by. Counted by the router as batches
// complete; read from any thread.
#pragma once

#include <atomic>
#include <cstdint>

namespace ingest {

struct ingest_figures {
  std::int64_t heavy_written = 0;    // rows inserted or re-analysed by a heavy fetch
  std::int64_t rejected = 0;         // heavy fetches the analysis turned down
  std::int64_t offers_bought = 0;    // new deals repriced from their live offers
  std::int64_t offers_skipped = 0;   // profitable new deals left estimated: no tokens to spare
  std::int64_t feed_refreshes = 0;   // known deals refreshed from a feed entry (no token)
  std::int64_t light_refreshes = 0;  // light product calls that refreshed a row (top-ups included)
  std::int64_t not_viable = 0;       // new ASINs the feed's peek ruled out (no token)
  std::int64_t cooling = 0;          // remembered rejects listed again within their cooldown (no token)
  std::int64_t dropped_top_ups = 0;  // top-ups refused because their queue was full
};

class ingest_counters {
public:
  void add(const ingest_figures& f) {
    heavy_written_ += f.heavy_written;
    rejected_ += f.rejected;
    offers_bought_ += f.offers_bought;
    offers_skipped_ += f.offers_skipped;
    feed_refreshes_ += f.feed_refreshes;
    light_refreshes_ += f.light_refreshes;
    not_viable_ += f.not_viable;
    cooling_ += f.cooling;
    dropped_top_ups_ += f.dropped_top_ups;
  }
  ingest_figures read() const {
    return {heavy_written_,  rejected_,   offers_bought_, offers_skipped_,
            feed_refreshes_, light_refreshes_, not_viable_, cooling_, dropped_top_ups_};
  }

private:
  std::atomic<std::int64_t> heavy_written_{0}, rejected_{0}, offers_bought_{0}, offers_skipped_{0}, feed_refreshes_{0},
      light_refreshes_{0}, not_viable_{0}, cooling_{0}, dropped_top_ups_{0};
};

} // namespace ingest
