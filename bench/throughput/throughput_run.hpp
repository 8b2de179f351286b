// The pipeline end to end with tokens unlimited: how fast each path runs at a
// given store size, and what the process holds. The source is the mock
// service in process (no socket), so products are generated, rendered,
// parsed and analysed as in production, one chunk at a time.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace throughput {

struct phase {
  std::string name;   // "heavy ingest", "feed refresh", "light refresh"
  std::int64_t items = 0;
  std::int64_t rows = 0;  // rows the writer committed
  double seconds = 0;
  double per_second() const { return seconds > 0 ? static_cast<double>(items) / seconds : 0; }
  double rows_per_second() const { return seconds > 0 ? static_cast<double>(rows) / seconds : 0; }
};

struct result {
  std::size_t deals = 0;
  std::vector<phase> phases;
  std::int64_t rss_after_universe_mb = 0;
  std::int64_t peak_rss_mb = 0;
};

result run(std::size_t deals, std::uint64_t seed, const std::filesystem::path& work_dir);

} // namespace throughput
