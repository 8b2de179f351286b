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

// One bit per byte of a 64-byte block.
struct block_masks {
  std::uint64_t quote = 0;
  std::uint64_t backslash = 0;
  std::uint64_t open = 0;   // '[' and '{'
  std::uint64_t close = 0;  // ']' and '}'
};

#if defined(__SSE2__)
// Whether the 64 bytes at `p` may hold a quote, a backslash or a bracket:
// cheaper than classify, for the long runs of a pretty-printed body that have
// none. With bit 0x20 set, '\\' and the brackets fall in 0x7B..0x7D (so does
// '|', which only costs the full look).
bool may_stop_in(const char* p) {
  __m128i any = _mm_setzero_si128();
#pragma GCC unroll 4
  for (int part = 0; part < 4; ++part) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * part));
    const __m128i d = _mm_sub_epi8(_mm_or_si128(v, _mm_set1_epi8(0x20)), _mm_set1_epi8(0x7B));
    const __m128i in_range = _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(2)), d);
    any = _mm_or_si128(any, _mm_or_si128(in_range, _mm_cmpeq_epi8(v, _mm_set1_epi8('"'))));
  }
  return _mm_movemask_epi8(any) != 0;
}

block_masks classify(const char* p) {
  block_masks m;
  const auto bits = [](__m128i byte_mask, int part) {
    return static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm_movemask_epi8(byte_mask))) << (16 * part);
  };
#pragma GCC unroll 4
  for (int part = 0; part < 4; ++part) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * part));
    // Setting bit 0x20 turns '[' into '{' and ']' into '}' and makes no
    // other byte either, so two compares find the four brackets.
    const __m128i folded = _mm_or_si128(v, _mm_set1_epi8(0x20));
    m.quote |= bits(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), part);
    m.backslash |= bits(_mm_cmpeq_epi8(v, _mm_set1_epi8('\\')), part);
    m.open |= bits(_mm_cmpeq_epi8(folded, _mm_set1_epi8('{')), part);
    m.close |= bits(_mm_cmpeq_epi8(folded, _mm_set1_epi8('}')), part);
  }
  return m;
}
#else
block_masks classify(const char* p) {
  block_masks m;
  for (int i = 0; i < 64; ++i) {
    const std::uint64_t bit = std::uint64_t{1} << i;
    const char c = p[i];
    if (c == '"') m.quote |= bit;
    if (c == '\\') m.backslash |= bit;
    if (c == '[' || c == '{') m.open |= bit;
    if (c == ']' || c == '}') m.close |= bit;
  }
  return m;
}
#endif

// Bit i set when an odd number of bits at or below i are: inside a string,
// given the quotes that delimit strings (the opening quote counts as inside).
std::uint64_t prefix_xor(std::uint64_t x) {
  for (int shift = 1; shift < 64; shift *= 2) x ^= x << shift;
  return x;
}

bool is_json_space(char c) {
  return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

// What an open container's values are.
enum class holds : std::uint8_t {
  other,
  histories,  // the "csv" array and the "salesRanks" object
  stats,      // a "stats" object: its per-type arrays
  products,   // the root object's "products" array
};

// The stats arrays the parser reads per type (keepa::detail::read_per_type).
bool is_per_type_key(std::string_view key) {
  return key == "current" || key == "avg" || key == "avg30" || key == "avg90" || key == "avg180" ||
         key == "avg365" || key == "atIntervalStart";
}

struct frame {
  bool object = false;
  holds values = holds::other;
};

// Containers nested deeper than this are copied without looking for
// arrays to take (Keepa's are at depth 4 or 5).
constexpr std::size_t max_depth = 32;

// The walk reads the body 64 bytes at a time, as simdjson's stage 1 does:
// a backslash escapes the byte after it, quotes that are not escaped
// delimit strings, and the brackets outside strings are the structure. So it
// sees strings exactly as simdjson will, and stops only at brackets.
class walk {
public:
  walk(std::string_view body, std::size_t readable, prescanned_body& out)
      : body_(body.data()), end_(body.data() + body.size()), readable_end_(body.data() + readable), out_(out) {}

  void run() {
    for (const char* p = body_; p < end_;)
      if (p = block(p); p == nullptr)
        break;  // the rest is copied as it is; simdjson says what is wrong with it
    copy_up_to(end_);
  }

private:
  // The brackets of the block at `p`; where the next block starts, or nullptr
  // to stop looking.
  const char* block(const char* p) {
    const auto size = static_cast<std::size_t>(std::min<std::ptrdiff_t>(end_ - p, 64));
    block_masks m;
    if (size == 64) {
#if defined(__SSE2__)
      if (!escape_next_ && !may_stop_in(p))
        return p + 64;  // no quote: still in or out of the string it was
#endif
      m = classify(p);
    } else {  // the body's last bytes, in zeros (which are none of the bytes looked for)
      char tail[64] = {};
      std::memcpy(tail, p, size);
      m = classify(tail);
    }
    const std::uint64_t quotes = m.quote & ~escaped(m.backslash);
    const std::uint64_t in_string = prefix_xor(quotes) ^ (in_string_ ? ~std::uint64_t{0} : 0);
    in_string_ = in_string >> 63;
    for (std::uint64_t stops = (m.open | m.close) & ~in_string; stops != 0; stops &= stops - 1) {
      const char* at = p + std::countr_zero(stops);
      const char* after = step(at);
      if (after != at + 1) {  // stopped, or an array taken: the walk goes on after its ']'
        in_string_ = false;
        escape_next_ = false;
        return after;
      }
    }
    return p + size;
  }

  // The bytes a backslash escapes, one of a run of backslashes escaping the
  // next; carries into the next block.
  std::uint64_t escaped(std::uint64_t backslashes) {
    std::uint64_t out = 0;
    if (escape_next_) {
      out = 1;
      backslashes &= ~std::uint64_t{1};
    }
    escape_next_ = false;
    while (backslashes != 0) {
      const int i = std::countr_zero(backslashes);
      if (i == 63) {
        escape_next_ = true;
        break;
      }
      out |= std::uint64_t{1} << (i + 1);
      backslashes &= ~(std::uint64_t{3} << i);  // this one, and the byte it escapes
    }
    return out;
  }

  // The key of the value that opens at `open`, if it is the value of a key
  // with no escape in it (none of the keys looked for has one).
  std::string_view key_of(const char* open) const {
    const char* q = open;
    while (q > body_ && is_json_space(q[-1])) --q;
    if (q == body_ || q[-1] != ':')
      return {};
    --q;
    while (q > body_ && is_json_space(q[-1])) --q;
    if (q == body_ || q[-1] != '"')
      return {};
    const char* close = q - 1;
    for (const char* k = close; k > body_ && close - k <= 32; --k) {
      if (k[-1] == '\\')
        return {};
      if (k[-1] != '"')
        continue;
      if (k - 1 > body_ && k[-2] == '\\')  // an escaped quote: part of the key
        return {};
      return {k, static_cast<std::size_t>(close - k)};
    }
    return {};
  }

  // Handles the bracket at `p`; where to go on from, or nullptr to stop looking.
  const char* step(const char* p) {
    frame* top = depth_ ? &stack_[depth_ - 1] : nullptr;
    if (*p == ']' || *p == '}') {
      if (depth_ == 0)
        return nullptr;
      --depth_;
      return p + 1;
    }
    const bool object = *p == '{';
    const std::string_view key = top && top->object ? key_of(p) : std::string_view{};
    if (!object && top &&
        (top->values == holds::histories || key == "offerCSV" ||
         (top->values == holds::stats && is_per_type_key(key))))
      if (const char* after = take_array(p))
        return after;
    if (depth_ == max_depth)
      return nullptr;
    holds values = holds::other;
    if (key == (object ? "salesRanks" : "csv"))
      values = holds::histories;
    else if (object && key == "stats")
      values = holds::stats;
    else if (depth_ == 1 && !object && key == "products")
      values = holds::products;
    else if (object && top && top->values == holds::products)
      ++out_.products;
    stack_[depth_++] = frame{object, values};
    return p + 1;
  }

  // The array at `open` read into the numbers and written as "[]"; where to
  // go on from, or nullptr if the scanner declined it.
  const char* take_array(const char* open) {
    const scanned_array scanned = scan_int_array(open, readable_end_, out_.numbers, used_);
    if (scanned.close == nullptr)
      return nullptr;
    copy_up_to(open);
    out_.arrays.push_back({out_.text.size(), used_, scanned.count});
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
  bool in_string_ = false;    // the next block starts inside a string
  bool escape_next_ = false;  // its first byte is escaped
};

} // namespace

const prescanned_array* prescanned_body::find(const char* open) const {
  if (open < text.data() || open >= text.data() + text.size())
    return nullptr;
  const auto at = static_cast<std::size_t>(open - text.data());
  const auto it = std::lower_bound(arrays.begin(), arrays.end(), at,
                                   [](const prescanned_array& h, std::size_t x) { return h.at < x; });
  return it != arrays.end() && it->at == at ? &*it : nullptr;
}

void prescan_arrays(std::string_view body, std::size_t readable, prescanned_body& out) {
  // A body holds at most one number for every two bytes. Reserving that much
  // address space once (the pages are only touched as numbers land in them)
  // spares a first parse the copies of a buffer grown by doubling; the
  // buffer is kept, so later bodies of the same size reserve nothing.
  if (const std::size_t bound = body.size() / 2 + 64; out.numbers.capacity() < bound) {
    out.numbers.clear();
    out.numbers.reserve(bound);
  }
  out.text.clear();
  out.arrays.clear();
  out.products = 0;
  walk(body, readable, out).run();
  out.text.append(prescanned_padding, '\0');
}

} // namespace keepa::detail
