// Keepa's clock: "Keepa minutes" are minutes since 2011-01-01 00:00 UTC.
#pragma once

#include <cstdint>

namespace keepa {

using keepa_minute = std::int32_t;
using unix_seconds = std::int64_t;

inline constexpr std::int64_t keepa_epoch_offset_minutes = 21564000;

constexpr unix_seconds to_unix(keepa_minute m) {
  return (static_cast<std::int64_t>(m) + keepa_epoch_offset_minutes) * 60;
}

constexpr keepa_minute to_keepa_minute(unix_seconds s) {
  return static_cast<keepa_minute>(s / 60 - keepa_epoch_offset_minutes);
}

// Latest Keepa minute the parsers believe: 2100-01-01. Anything later is corrupt data.
inline constexpr keepa_minute max_keepa_minute = to_keepa_minute(4102444800);

} // namespace keepa
