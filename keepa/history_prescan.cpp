#include "keepa/history_prescan.hpp"

#include "keepa/history_scan.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <optional>
#include <type_traits>

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
  // In the "csv" array: the type of its next element, from the commas
  // before `counted_to` (unknown_type once a string stands among them).
  std::size_t type = 0;
  const char* counted_to = nullptr;
};

constexpr std::size_t unknown_type = ~std::size_t{0};

// The type of the "csv" element that opens at `open`: the commas between the
// last element counted and it. Only null and arrays belong there; a string
// could hide a comma, and leaves the types after it unknown.
std::size_t csv_type_at(frame& csv, const char* open) {
  if (csv.type != unknown_type) {
    const std::string_view between(csv.counted_to, static_cast<std::size_t>(open - csv.counted_to));
    csv.type = between.find('"') == std::string_view::npos
                   ? csv.type + static_cast<std::size_t>(std::count(between.begin(), between.end(), ','))
                   : unknown_type;
  }
  csv.counted_to = open;
  return csv.type;
}

// How the parser reads the "csv" element of `type`.
std::optional<prescanned_shape> csv_shape(std::size_t type) {
  if (type == unknown_type)
    return std::nullopt;
  if (type >= static_cast<std::size_t>(csv_type_count))
    return prescanned_shape::numbers;  // a type newer than the model, which the parser skips
  return is_shipping_type(static_cast<int>(type)) ? prescanned_shape::triples : prescanned_shape::pairs;
}

// Whole points with every time in range, for the histories the prescan
// builds; anything else is left to the careful reader and its words.
template <class Point>
bool are_points(const std::int32_t* numbers, std::size_t count) {
  constexpr std::size_t per_point = sizeof(Point) / sizeof(std::int32_t);
  static_assert(sizeof(Point) == per_point * sizeof(std::int32_t) && std::is_trivially_copyable_v<Point>);
  if (count % per_point != 0)
    return false;
  bool times_in_range = true;
  for (std::size_t i = 0; i < count; i += per_point)
    times_in_range &= numbers[i] >= 0 && numbers[i] <= max_keepa_minute;
  return times_in_range;
}

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
      if (--depth_ != 0)
        stack_[depth_ - 1].counted_to = p + 1;  // a "csv" element's commas are not the array's
      return p + 1;
    }
    const bool object = *p == '{';
    const std::string_view key = top && top->object ? key_of(p) : std::string_view{};
    std::optional<prescanned_shape> shape;
    if (top && top->values == holds::histories)
      shape = top->object ? prescanned_shape::pairs : csv_shape(csv_type_at(*top, p));
    else if (key == "offerCSV")
      shape = prescanned_shape::triples;
    else if (top && top->values == holds::stats && is_per_type_key(key))
      shape = prescanned_shape::numbers;
    if (!object && shape)
      if (const char* after = take_array(p, *shape)) {
        top->counted_to = after;
        return after;
      }
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
    stack_[depth_++] = frame{object, values, 0, p + 1};
    return p + 1;
  }

  // The array at `open` read in `shape` and written as "[]"; where to go on
  // from, or nullptr if it is left as written.
  const char* take_array(const char* open, prescanned_shape shape) {
    // The numbers land after those kept, where a history's are scratch:
    // they stay in the cache until its points are built from them.
    const scanned_array scanned = scan_int_array(open, readable_end_, out_.numbers, used_);
    if (scanned.close == nullptr)
      return nullptr;
    const std::int32_t* numbers = out_.numbers.data() + used_;
    std::size_t index = used_;
    switch (shape) {
    case prescanned_shape::numbers:
      used_ += scanned.count;
      break;
    case prescanned_shape::pairs:
      if (!build(numbers, scanned.count, out_.pairs, index))
        return nullptr;
      break;
    case prescanned_shape::triples:
      if (!build(numbers, scanned.count, out_.triples, index))
        return nullptr;
      break;
    }
    copy_up_to(open);
    out_.arrays.push_back({out_.text.size(), shape, index, scanned.count});
    out_.text += "[]";
    copied_ = scanned.close + 1;
    return copied_;
  }

  // A history of `count` numbers added to `histories` (at `index`), if they
  // are whole points with times in range.
  template <class Point>
  static bool build(const std::int32_t* numbers, std::size_t count, std::vector<std::vector<Point>>& histories,
                    std::size_t& index) {
    if (!are_points<Point>(numbers, count))
      return false;
    index = histories.size();
    histories.emplace_back(points_from_numbers<Point>(numbers), points_from_numbers<Point>(numbers + count));
    return true;
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
  std::size_t used_ = 0;        // numbers kept as written
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

std::span<const std::int32_t> prescanned_body::numbers_of(const prescanned_array& array,
                                                          std::vector<std::int32_t>& scratch) const {
  const auto copy = [&](const auto& points) {  // by the points' own size: the parser may have moved them
    scratch.resize(points.size() * sizeof(points[0]) / sizeof(std::int32_t));
    if (!scratch.empty())  // an empty vector's data() may be null, which memcpy may not be given
      std::memcpy(scratch.data(), points.data(), scratch.size() * sizeof(std::int32_t));
    return std::span<const std::int32_t>(scratch);
  };
  switch (array.shape) {
  case prescanned_shape::pairs:
    return copy(pairs[array.index]);
  case prescanned_shape::triples:
    return copy(triples[array.index]);
  case prescanned_shape::numbers:
    break;
  }
  return {numbers.data() + array.index, array.count};
}

void prescan_arrays(std::string_view body, std::size_t readable, prescanned_body& out) {
  out.text.clear();
  out.pairs.clear();
  out.triples.clear();
  out.arrays.clear();
  out.products = 0;
  walk(body, readable, out).run();
  out.text.append(prescanned_padding, '\0');
}

} // namespace keepa::detail
