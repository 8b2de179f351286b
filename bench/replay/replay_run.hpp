// `keepa-bench replay DIR`: how fast the whole node replays a capture,
// session by session, and what the process holds while it does.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace replay_bench {

struct session_figures {
  std::int32_t session = 0;
  std::string mode;
  std::size_t calls = 0;
  std::int64_t heavy = 0, light = 0, feed = 0, unanswered = 0;
  double seconds = 0;
};

struct result {
  double load_seconds = 0;  // reading the capture's index
  std::vector<session_figures> sessions;
  std::int64_t peak_rss_mb = 0;
};

result run(const std::filesystem::path& capture, const std::filesystem::path& db);
std::string table(const result& r);

} // namespace replay_bench
