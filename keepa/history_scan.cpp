#include "keepa/history_scan.hpp"

#include <algorithm>
#include <bit>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__)
#include <tmmintrin.h>  // SSSE3, for the functions compiled for it alone
#endif

namespace keepa::detail {

namespace {

// One bit per byte of a 64-byte block.
struct block_masks {
  std::uint64_t comma = 0;
  std::uint64_t close = 0;  // ']'
  std::uint64_t minus = 0;
  std::uint64_t other = 0;  // neither a digit nor one of the above
};

#if defined(__SSE2__)
[[gnu::always_inline]] inline std::uint64_t bits(__m128i byte_mask, int part) {
  return static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm_movemask_epi8(byte_mask))) << (16 * part);
}

[[gnu::always_inline]] inline block_masks classify(const char* p) {
  block_masks m;
  const __m128i zero = _mm_set1_epi8('0'), nine = _mm_set1_epi8(9);
#pragma GCC unroll 4  // GCC keeps the loop otherwise, with a shift by a register per mask
  for (int part = 0; part < 4; ++part) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * part));
    const __m128i comma = _mm_cmpeq_epi8(v, _mm_set1_epi8(','));
    const __m128i close = _mm_cmpeq_epi8(v, _mm_set1_epi8(']'));
    const __m128i minus = _mm_cmpeq_epi8(v, _mm_set1_epi8('-'));
    const __m128i d = _mm_sub_epi8(v, zero);
    const __m128i digit = _mm_cmpeq_epi8(_mm_min_epu8(d, nine), d);  // d <= 9, unsigned
    const __m128i known = _mm_or_si128(_mm_or_si128(comma, close), _mm_or_si128(minus, digit));
    m.comma |= bits(comma, part);
    m.close |= bits(close, part);
    m.minus |= bits(minus, part);
    m.other |= bits(_mm_cmpeq_epi8(known, _mm_setzero_si128()), part);
  }
  return m;
}
#else
[[gnu::always_inline]] inline block_masks classify(const char* p) {
  block_masks m;
  for (int i = 0; i < 64; ++i) {
    const std::uint64_t bit = std::uint64_t{1} << i;
    const char c = p[i];
    if (c == ',')
      m.comma |= bit;
    else if (c == ']')
      m.close |= bit;
    else if (c == '-')
      m.minus |= bit;
    else if (c < '0' || c > '9')
      m.other |= bit;
  }
  return m;
}
#endif

// Up to 8 digits at once: the bytes are moved to the top of the word (the
// bytes below become leading zeros), then pairs, quads and the two halves are
// combined with three multiplications.
[[gnu::always_inline]] inline std::uint32_t eight_digits(std::uint64_t digit_bytes, std::size_t length) {
  // The move as a multiplication by 256^(8 - length) from a table: cheaper on
  // x86-64 without BMI2 than a shift by a count in a register.
  static constexpr std::uint64_t to_top[9] = {0, 1ULL << 56, 1ULL << 48, 1ULL << 40, 1ULL << 32,
                                              1ULL << 24,    1ULL << 16, 1ULL << 8,  1};
  std::uint64_t w = digit_bytes * to_top[length];
  w = w * 10 + (w >> 8);
  w = (((w & 0x000000FF000000FFULL) * (100 + (1000000ULL << 32))) +
       (((w >> 16) & 0x000000FF000000FFULL) * (1 + (10000ULL << 32)))) >>
      32;
  return static_cast<std::uint32_t>(w);
}

// The integer in [s, end): an optional '-' (only in a block that has one),
// then 1 to 8 digits without a leading zero. The block masks have already
// made sure that only digits, and a '-' only at s, lie there.
template <bool MaySign>
[[gnu::always_inline]] inline bool read_number(const char* s, const char* end, std::int32_t& value) {
  bool negative = false;
  if constexpr (MaySign) {
    negative = *s == '-';
    s += negative;
  }
  const auto length = static_cast<std::size_t>(end - s);
  if (length - 1 >= 8)  // none, or too many for int32 without a check
    return false;
  if (*s == '0' && length > 1)
    return false;
  std::uint64_t word;
  std::memcpy(&word, s, sizeof word);
  // Subtracting '0' from each byte: the digits never borrow, so only the bytes
  // past `length`, which eight_digits moves out of the word, can be disturbed.
  const auto magnitude = static_cast<std::int32_t>(eight_digits(word - 0x3030303030303030ULL, length));
  value = negative ? -magnitude : magnitude;
  return true;
}

// The numbers that end at the separators of one block; false if one is not an integer.
template <bool MaySign>
bool read_numbers(const char* block, std::uint64_t separators, const char*& start, std::int32_t*& slot) {
  for (; separators != 0; separators &= separators - 1) {
    const char* end = block + std::countr_zero(separators);
    if (!read_number<MaySign>(start, end, *slot++))
      return false;
    start = end + 1;
  }
  return true;
}

#if defined(__x86_64__)
// Two numbers that follow each other ("a digits, a comma, b digits") from one
// 16-byte load: a shuffle from a table puts a's digits at the top of the low
// eight bytes and b's at the top of the high eight, the rest zero; then two
// multiply-adds make 2- and 4-digit groups, and a third joins the groups.
struct pair_shuffles {
  alignas(16) std::uint8_t at[9][9][16];  // by the lengths of a and b, 0 to 8
  // 0xFF where the shuffle puts the first digit of a number of more than one
  // digit: a zero there is a leading zero.
  alignas(16) std::uint8_t leading[9][9][16];
};

constexpr pair_shuffles make_pair_shuffles() {
  pair_shuffles t{};
  for (int a = 0; a <= 8; ++a)
    for (int b = 0; b <= 8; ++b) {
      for (int i = 0; i < 16; ++i) t.at[a][b][i] = 0x80;  // a zero byte
      if (a + 1 + b > 16)
        continue;  // not in one load: read_numbers_paired reads these one by one
      for (int j = 0; j < a; ++j) t.at[a][b][8 - a + j] = static_cast<std::uint8_t>(j);
      for (int j = 0; j < b; ++j) t.at[a][b][16 - b + j] = static_cast<std::uint8_t>(a + 1 + j);
      if (a > 1) t.leading[a][b][8 - a] = 0xFF;
      if (b > 1) t.leading[a][b][16 - b] = 0xFF;
    }
  return t;
}

constexpr pair_shuffles pair_shuffle = make_pair_shuffles();

// Reads 16 bytes from `start`, which end at most 15 past b's separator, so
// within what the scanner may read. True if either number has a leading zero
// (found on the placed digits: cheaper than testing the text for each).
[[gnu::target("ssse3")]] bool convert_pair(const char* start, std::size_t a, std::size_t b, std::int32_t* slot) {
  const auto table = [](const std::uint8_t* row) { return _mm_load_si128(reinterpret_cast<const __m128i*>(row)); };
  const __m128i text = _mm_loadu_si128(reinterpret_cast<const __m128i*>(start));
  const __m128i digits = _mm_subs_epu8(text, _mm_set1_epi8('0'));  // the comma becomes 0; the shuffle drops it anyway
  const __m128i placed = _mm_shuffle_epi8(digits, table(pair_shuffle.at[a][b]));
  const __m128i twos = _mm_maddubs_epi16(placed, _mm_set1_epi16(0x010A));     // 10 * first + second
  const __m128i fours = _mm_madd_epi16(twos, _mm_set1_epi32(0x00010064));     // 100 * first + second
  const __m128i packed = _mm_packs_epi32(fours, fours);                       // each fits 16 bits
  const __m128i eights = _mm_madd_epi16(packed, _mm_set1_epi32(0x00012710));  // 10000 * first + second
  _mm_storel_epi64(reinterpret_cast<__m128i*>(slot), eights);
  const __m128i zeros = _mm_cmpeq_epi8(placed, _mm_setzero_si128());
  return _mm_movemask_epi8(_mm_and_si128(zeros, table(pair_shuffle.leading[a][b]))) != 0;
}

// As read_numbers<false>, two numbers at a time. __builtin_ctzll rather than
// std::countr_zero: the mask is never zero where it is asked, and without BMI
// the standard one must test for zero first.
[[gnu::target("ssse3")]] bool read_numbers_paired(const char* block, std::uint64_t separators, const char*& start,
                                                  std::int32_t*& slot) {
  bool bad = false;
  while (separators & (separators - 1)) {
    const char* end_a = block + __builtin_ctzll(separators);
    separators &= separators - 1;
    const char* end_b = block + __builtin_ctzll(separators);
    separators &= separators - 1;
    const auto a = static_cast<std::size_t>(end_a - start);
    const auto b = static_cast<std::size_t>(end_b - end_a - 1);
    if (((a - 1) | (b - 1)) < 8 && a + b < 16) {  // 1 to 8 digits each, in one load
      bad |= convert_pair(start, a, b, slot);
    } else {
      bad |= !read_number<false>(start, end_a, slot[0]) || !read_number<false>(end_a + 1, end_b, slot[1]);
    }
    slot += 2;
    start = end_b + 1;
  }
  if (separators != 0) {
    const char* end = block + __builtin_ctzll(separators);
    bad |= !read_number<false>(start, end, *slot++);
    start = end + 1;
  }
  return !bad;
}
#endif

// The scan, with the reader for blocks without a sign as a parameter: the
// one each instruction set gets. Inlined into each, so that the reader is too.
template <bool (*ReadUnsigned)(const char*, std::uint64_t, const char*&, std::int32_t*&)>
[[gnu::always_inline]] inline scanned_array scan_blocks(const char* text, const char* readable_end,
                                                       std::vector<std::int32_t>& buffer, std::size_t from) {
  static_assert(std::endian::native == std::endian::little, "eight_digits reads the first digit from the low byte");
  if (readable_end - text < 2 || text[0] != '[')
    return {};
  if (text[1] == ']')
    return {text + 1, 0};
  std::size_t n = from;
  const char* start = text + 1;      // of the number being read
  std::uint64_t starts_at_bit0 = 1;  // the block's first byte begins a number
  for (const char* p = start;; p += 64) {
    if (readable_end - p < static_cast<std::ptrdiff_t>(history_scan_reach))
      return {};
    // Room for a number at every byte of the block, even the empty ones a
    // bad array has (each is written before it is found wanting). The buffer
    // only grows, so no call pays for zeroing it again.
    if (buffer.size() < n + 64)
      buffer.resize(std::max(2 * buffer.size(), n + 64));
    std::int32_t* slot = buffer.data() + n;
    const block_masks m = classify(p);
    const std::uint64_t first_close = m.close & (~m.close + 1);
    const std::uint64_t in_array = first_close ? (first_close << 1) - 1 : ~std::uint64_t{0};
    const std::uint64_t separators = (m.comma | first_close) & in_array;
    const std::uint64_t starts = (separators << 1) | starts_at_bit0;
    if ((m.other | (m.minus & ~starts)) & in_array)
      return {};
    starts_at_bit0 = separators >> 63;
    // Most blocks have no '-' at all (Keepa's -1 is "none", and rare); the
    // first number may have begun, with its sign, in the block before.
    const bool read = (m.minus & in_array) || *start == '-' ? read_numbers<true>(p, separators, start, slot)
                                                            : ReadUnsigned(p, separators, start, slot);
    if (!read)
      return {};
    n = static_cast<std::size_t>(slot - buffer.data());
    if (first_close)
      return {p + std::countr_zero(first_close), n - from};
  }
}

} // namespace

scanned_array scan_int_array_generic(const char* text, const char* readable_end, std::vector<std::int32_t>& buffer,
                                     std::size_t from) {
  return scan_blocks<read_numbers<false>>(text, readable_end, buffer, from);
}

#if defined(__x86_64__)
[[gnu::target("ssse3")]] scanned_array scan_int_array_ssse3(const char* text, const char* readable_end,
                                                            std::vector<std::int32_t>& buffer, std::size_t from) {
  return scan_blocks<read_numbers_paired>(text, readable_end, buffer, from);
}

bool cpu_has_ssse3() {
  static const bool has = __builtin_cpu_supports("ssse3");
  return has;
}
#else
scanned_array scan_int_array_ssse3(const char* text, const char* readable_end, std::vector<std::int32_t>& buffer,
                                   std::size_t from) {
  return scan_int_array_generic(text, readable_end, buffer, from);
}

bool cpu_has_ssse3() {
  return false;
}
#endif

scanned_array scan_int_array(const char* text, const char* readable_end, std::vector<std::int32_t>& buffer,
                             std::size_t from) {
  return cpu_has_ssse3() ? scan_int_array_ssse3(text, readable_end, buffer, from)
                         : scan_int_array_generic(text, readable_end, buffer, from);
}

} // namespace keepa::detail
