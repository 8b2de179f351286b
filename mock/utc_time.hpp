// UTC timestamps as the mock's command line takes them ("2026-11-01T00:00:00Z")
// and as its messages print them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mock {

// "YYYY-MM-DDTHH:MM:SSZ" (the Z may be left off; it is UTC either way) or a
// bare "YYYY-MM-DD" (midnight) to Unix ms; nothing for anything else,
// impossible dates ("2026-02-30") and times before 1970 included.
std::optional<std::int64_t> parse_utc_ms(std::string_view text);

// Unix ms to "YYYY-MM-DDTHH:MM:SSZ" (milliseconds dropped).
std::string format_utc(std::int64_t unix_ms);

} // namespace mock
