#include "keepa/history_scan.hpp"

#include "keepa/history_scan_blocks.hpp"

#if defined(__x86_64__)
#include <tmmintrin.h>  // SSSE3, for the functions compiled for it alone
#endif

namespace keepa::detail {

namespace {

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
  if (cpu_has_avx512_scan())
    return scan_int_array_avx512(text, readable_end, buffer, from);
  return cpu_has_ssse3() ? scan_int_array_ssse3(text, readable_end, buffer, from)
                         : scan_int_array_generic(text, readable_end, buffer, from);
}

} // namespace keepa::detail
