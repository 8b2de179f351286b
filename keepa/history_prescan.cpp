#include "keepa/history_prescan.hpp"

#include "keepa/history_scan.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace keepa::detail {

namespace {

// The bytes the walk stops at: quotes and brackets. Commas and colons it
// does not need (a string is a key when a ':' follows it).
bool stops_walk(char c) {
  return c == '"' || c == '[' || c == ']' || c == '{' || c == '}';
}

#if defined(__SSE2__)
// The stops among 16 bytes, one bit each. Setting bit 0x20 turns '[' into
// '{' and ']' into '}' and makes no other byte either, so two compares find
// all four brackets.
[[gnu::always_inline]] inline unsigned stops_in(const char* p) {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m128i folded = _mm_or_si128(v, _mm_set1_epi8(0x20));
  const __m128i hit = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
                                   _mm_or_si128(_mm_cmpeq_epi8(folded, _mm_set1_epi8('{')),
                                                _mm_cmpeq_epi8(folded, _mm_set1_epi8('}'))));
  return static_cast<unsigned>(_mm_movemask_epi8(hit));
}
#endif

// The first byte from `p` that stops the walk, or `end`.
[[gnu::always_inline]] inline const char* next_stop(const char* p, const char* end) {
#if defined(__SSE2__)
  for (; end - p >= 32; p += 32)  // two loads a step: half the exits to predict on long runs
    if (const unsigned mask = stops_in(p) | (stops_in(p + 16) << 16))
      return p + std::countr_zero(mask);
  for (; end - p >= 16; p += 16)
    if (const unsigned mask = stops_in(p))
      return p + std::countr_zero(mask);
#endif
  while (p < end && !stops_walk(*p)) ++p;
  return p;
}

// The quote that closes the string opened at `open`, or nullptr.
const char* string_close(const char* open, const char* end) {
  const char* p = open + 1;
#if defined(__SSE2__)
  // Most strings are keys and short words: their quote is in the next 16
  // bytes, with no backslash before it.
  if (end - p >= 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const auto quotes = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('"'))));
    const auto backslashes = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));
    if (quotes != 0 && (backslashes & ((quotes & -quotes) - 1)) == 0)
      return p + std::countr_zero(quotes);
  }
#endif
  for (;;) {
    const auto* quote = static_cast<const char*>(std::memchr(p, '"', static_cast<std::size_t>(end - p)));
    if (quote == nullptr)
      return nullptr;
    std::size_t backslashes = 0;
    while (quote - backslashes > open + 1 && quote[-1 - static_cast<std::ptrdiff_t>(backslashes)] == '\\')
      ++backslashes;
    if (backslashes % 2 == 0)
      return quote;
    p = quote + 1;
  }
}

bool is_json_space(char c) {
  return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

// What an open container's values are.
enum class holds : std::uint8_t {
  other,
  histories,  // the "csv" array and the "salesRanks" object
  products,   // the root object's "products" array
};

struct frame {
  bool object = false;
  holds values = holds::other;
  std::string_view key;  // in an object, the key of the value being read
};

// Containers nested deeper than this are copied without looking for
// histories (Keepa's are at depth 4 or 5).
constexpr std::size_t max_depth = 32;

class walk {
public:
  walk(std::string_view body, std::size_t readable, prescanned_body& out)
      : body_(body.data()), end_(body.data() + body.size()), readable_end_(body.data() + readable), out_(out) {}

  void run() {
    for (const char* p = next_stop(body_, end_); p < end_; p = next_stop(p, end_)) {
      p = step(p);
      if (p == nullptr)
        break;  // the rest is copied as it is; simdjson says what is wrong with it
    }
    copy_up_to(end_);
  }

private:
  // Handles the stop at `p`; where to go on from, or nullptr to stop looking.
  const char* step(const char* p) {
    frame* top = depth_ ? &stack_[depth_ - 1] : nullptr;
    switch (*p) {
    case '"': {
      const char* close = string_close(p, end_);
      if (close == nullptr)
        return nullptr;
      const char* after = close + 1;
      while (after < end_ && is_json_space(*after)) ++after;
      if (top && top->object && after < end_ && *after == ':')
        top->key = std::string_view(p + 1, static_cast<std::size_t>(close - p - 1));
      return close + 1;
    }
    case '[':
      if (top && (top->values == holds::histories || (top->object && top->key == "offerCSV")))
        if (const char* after = take_history(p))
          return after;
      [[fallthrough]];
    case '{': {
      if (depth_ == max_depth)
        return nullptr;
      const bool object = *p == '{';
      holds values = holds::other;
      if (top && top->object && (object ? top->key == "salesRanks" : top->key == "csv"))
        values = holds::histories;
      else if (depth_ == 1 && !object && top->object && top->key == "products")
        values = holds::products;
      else if (object && top && top->values == holds::products)
        ++out_.products;
      stack_[depth_++] = frame{object, values, {}};
      return p + 1;
    }
    default:  // ']' or '}'
      if (depth_ == 0)
        return nullptr;
      --depth_;
      return p + 1;
    }
  }

  // The history at `open` read into the numbers and written as "[]"; where to
  // go on from, or nullptr if the scanner declined it.
  const char* take_history(const char* open) {
    const scanned_array scanned = scan_int_array(open, readable_end_, out_.numbers, used_);
    if (scanned.close == nullptr)
      return nullptr;
    copy_up_to(open);
    out_.histories.push_back({out_.text.size(), used_, scanned.count});
    out_.text += "[]";
    used_ += scanned.count;
    copied_ = scanned.close + 1;
    return copied_;
  }

  void copy_up_to(const char* p) {
    out_.text.append(copied_, static_cast<std::size_t>(p - copied_));
    copied_ = p;
  }

  const char* body_;
  const char* end_;
  const char* readable_end_;
  prescanned_body& out_;
  const char* copied_ = body_;  // the body before this is in out_.text
  std::size_t used_ = 0;        // numbers taken
  std::array<frame, max_depth> stack_{};
  std::size_t depth_ = 0;
};

} // namespace

const prescanned_history* prescanned_body::find(const char* open) const {
  if (open < text.data() || open >= text.data() + text.size())
    return nullptr;
  const auto at = static_cast<std::size_t>(open - text.data());
  const auto it = std::lower_bound(histories.begin(), histories.end(), at,
                                   [](const prescanned_history& h, std::size_t x) { return h.at < x; });
  return it != histories.end() && it->at == at ? &*it : nullptr;
}

void prescan_histories(std::string_view body, std::size_t readable, prescanned_body& out) {
  // A body holds at most one number for every two bytes. Reserving that much
  // address space once (the pages are only touched as numbers land in them)
  // spares a first parse the copies of a buffer grown by doubling; the
  // buffer is kept, so later bodies of the same size reserve nothing.
  if (const std::size_t bound = body.size() / 2 + 64; out.numbers.capacity() < bound) {
    out.numbers.clear();
    out.numbers.reserve(bound);
  }
  out.text.clear();
  out.histories.clear();
  out.products = 0;
  walk(body, readable, out).run();
  out.text.append(prescanned_padding, '\0');
}

} // namespace keepa::detail
