// The instant synthetic data is generated at unless told otherwise. It is
// fixed, not the wall clock, because prices are seasonal by day of year: what
// a universe, its deal feed and the mock serving it hold depends on this date.
#pragma once

#include "keepa/time.hpp"

namespace synth {

// 2026-11-01 00:00 UTC.
inline constexpr keepa::keepa_minute default_now = 8327520;

} // namespace synth
