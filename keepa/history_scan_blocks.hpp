// Private to history_scan*.cpp: the scanner's parts that every way of it
// shares, compiled by each of those files for its own instruction set
// (history_scan_avx512.cpp includes it under its target pragmas). Everything
// here has internal linkage (an unnamed namespace in a header, on purpose):
// a function compiled for AVX-512 in one file must never be the copy the
// linker picks for another, which runs on any x86-64.
#pragma once

#include "keepa/history_scan.hpp"

#include <algorithm>
#include <bit>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace keepa::detail {
namespace {  // NOLINT(cert-dcl59-cpp,google-build-namespaces): see above

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

// How far ahead of the block being read the scan asks for the text: 32
// blocks. A body is read once, front to back, and it is larger than the
// cache (9 MB for 100 full-history books); the processor's own prefetcher,
// which stops at each 4 KiB page, left the scan waiting on memory. With the
// text asked for ahead, a parse loop of 100 books with the SSSE3 way ran at
// 1,730 MB/s instead of 1,230; 1,024 to 8,192 bytes ahead made no difference.
inline constexpr std::uintptr_t prefetch_distance = 2048;

// Asks for the text `prefetch_distance` past `p` into the cache. A prefetch
// never faults, so it may point past the body; the address is computed as
// an integer, since a pointer may not.
[[gnu::always_inline]] inline void prefetch_ahead(const char* p) {
  __builtin_prefetch(reinterpret_cast<const char*>(reinterpret_cast<std::uintptr_t>(p) + prefetch_distance));
}

// The scan, with the reader for blocks without a sign as a parameter: the
// one each instruction set gets. Inlined into each, so that the reader is too.
template <bool (*ReadUnsigned)(const char*, std::uint64_t, const char*&, std::int32_t*&),
          block_masks (*Classify)(const char*) = classify>
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
    prefetch_ahead(p);
    const block_masks m = Classify(p);
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
} // namespace keepa::detail
