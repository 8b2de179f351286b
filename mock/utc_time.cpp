#include "mock/utc_time.hpp"

#include <chrono>
#include <cstdio>

namespace mock {
namespace {

// The digits of text[at, at + width) as a number; nothing when any is not a digit.
std::optional<int> digits(std::string_view text, std::size_t at, std::size_t width) {
  if (at + width > text.size())
    return std::nullopt;
  int value = 0;
  for (std::size_t i = at; i < at + width; ++i) {
    if (text[i] < '0' || text[i] > '9')
      return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

} // namespace

std::optional<std::int64_t> parse_utc_ms(std::string_view text) {
  using namespace std::chrono;
  if (text.ends_with('Z'))
    text.remove_suffix(1);
  if (text.size() != 10 && text.size() != 19)
    return std::nullopt;
  const auto y = digits(text, 0, 4), mo = digits(text, 5, 2), d = digits(text, 8, 2);
  if (!y || !mo || !d || text[4] != '-' || text[7] != '-')
    return std::nullopt;
  const year_month_day date{year{*y}, month{static_cast<unsigned>(*mo)}, day{static_cast<unsigned>(*d)}};
  if (!date.ok())
    return std::nullopt;
  int h = 0, mi = 0, s = 0;
  if (text.size() == 19) {
    const auto hh = digits(text, 11, 2), mm = digits(text, 14, 2), ss = digits(text, 17, 2);
    if (text[10] != 'T' || text[13] != ':' || text[16] != ':' || !hh || !mm || !ss || *hh > 23 || *mm > 59 || *ss > 59)
      return std::nullopt;
    h = *hh, mi = *mm, s = *ss;
  }
  const auto at = sys_days{date} + hours{h} + minutes{mi} + seconds{s};
  const auto ms = duration_cast<milliseconds>(at.time_since_epoch()).count();
  if (ms < 0)
    return std::nullopt;
  return ms;
}

std::string format_utc(std::int64_t unix_ms) {
  using namespace std::chrono;
  const sys_time<milliseconds> at{milliseconds{unix_ms}};
  const auto midnight = floor<days>(at);
  const year_month_day date{midnight};
  const hh_mm_ss time{floor<seconds>(at - midnight)};
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                static_cast<int>(time.seconds().count()));
  return text;
}

} // namespace mock
