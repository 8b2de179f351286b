// What this process holds, from /proc/self/status, in MB (-1 when unreadable):
// the benchmarks print it beside their figures.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

namespace bench {

// "VmRSS" (resident now) or "VmHWM" (the peak so far).
inline std::int64_t resident_mb(const char* field = "VmHWM") {
  std::FILE* status = std::fopen("/proc/self/status", "r");
  if (!status)
    return -1;
  char line[256];
  long kb = -1;
  const std::string pattern = std::string(field) + ": %ld kB";
  while (std::fgets(line, sizeof line, status))
    if (std::sscanf(line, pattern.c_str(), &kb) == 1)
      break;
  std::fclose(status);
  return kb < 0 ? -1 : kb / 1024;
}

} // namespace bench
