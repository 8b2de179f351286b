// The scanner's third way, for processors with AVX-512 VBMI2: a 64-byte block
// classified in four compares, and its numbers converted eight at a time.
// Only the functions between the target pragmas below are compiled for that
// instruction set, and scan_int_array calls them only where
// cpu_has_avx512_scan() says the processor has it.
#include "keepa/history_scan.hpp"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
// GCC 12 takes the _mm512_undefined_* inside its own AVX-512 intrinsics for
// uninitialised variables (GCC bug 105593); the warning names the
// intrinsics' header, so it is silenced for the whole file.
#if !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

// The standard library comes before the target pragmas, not under them: a
// template of its that this file instantiates and does not inline (a
// vector's growth, say) is emitted as a shared copy, which the linker may
// pick for every file, so it must be compiled for any x86-64. Compiling the
// whole file with -mavx512* would break that.
#include <algorithm>
#include <bit>
#include <cstring>
#include <immintrin.h>
#include <vector>

#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx512f,avx512bw,avx512vbmi,avx512vbmi2,bmi,bmi2,popcnt"))), \
                             apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("avx512f,avx512bw,avx512vbmi,avx512vbmi2,bmi,bmi2,popcnt")
#endif

#include "keepa/history_scan_blocks.hpp"

namespace keepa::detail {

namespace {

block_masks classify_avx512(const char* p) {
  const __m512i v = _mm512_loadu_si512(p);
  block_masks m;
  m.comma = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8(','));
  m.close = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8(']'));
  m.minus = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('-'));
  const std::uint64_t digit = _mm512_cmplt_epu8_mask(_mm512_sub_epi8(v, _mm512_set1_epi8('0')), _mm512_set1_epi8(10));
  m.other = ~(m.comma | m.close | m.minus | digit);
  return m;
}

// Byte i of each: i, i / 8 (its lane), and i % 8 - 8.
struct byte_tables {
  alignas(64) std::int8_t index[64];
  alignas(64) std::int8_t lane[64];
  alignas(64) std::int8_t from_end[64];
};

constexpr byte_tables make_byte_tables() {
  byte_tables t{};
  for (int i = 0; i < 64; ++i) {
    t.index[i] = static_cast<std::int8_t>(i);
    t.lane[i] = static_cast<std::int8_t>(i / 8);
    t.from_end[i] = static_cast<std::int8_t>(i % 8 - 8);
  }
  return t;
}

constexpr byte_tables tables = make_byte_tables();

__m512i table(const std::int8_t* row) {
  return _mm512_load_si512(row);
}

// Up to eight numbers without a sign, those whose separators lie in the 64
// bytes from `start`: the offsets of their separators are compressed into
// the low bytes of a vector; each number's end and start are spread over its
// own 8-byte lane, and one permutation gathers its digits to the top of that
// lane, zeros before them. Two multiply-adds make 4-digit halves, and one
// multiplication joins them. Writes eight slots (a block has room for them);
// false if a number is empty, longer than 8 digits or has a leading zero.
bool read_numbers_eight(const char* block, std::uint64_t separators, const char*& start, std::int32_t*& slot) {
  while (separators != 0) {
    // The separators as offsets from `start`, which lies at most 8 digits
    // before the block (the number that began in the block before).
    const std::ptrdiff_t behind = block - start;
    if (behind > 8)
      return false;
    const std::uint64_t ahead = behind >= 0 ? separators << behind : separators >> -behind;
    if (ahead == 0)
      return false;  // the next separator is 64 or more bytes past `start`: far too long a number
    const int count = std::min(std::popcount(ahead), 8);
    const unsigned last = static_cast<unsigned>(__builtin_ctzll(_pdep_u64(std::uint64_t{1} << (count - 1), ahead)));

    const __m512i text = _mm512_maskz_loadu_epi8(_bzhi_u64(~std::uint64_t{0}, last), start);
    const __m512i ends = _mm512_maskz_compress_epi8(ahead, table(tables.index));
    // The number after a separator starts one byte past it; the first at 0.
    const __m512i previous = _mm512_sub_epi8(table(tables.index), _mm512_set1_epi8(1));
    const __m512i starts =
        _mm512_maskz_permutexvar_epi8(~std::uint64_t{1}, previous, _mm512_add_epi8(ends, _mm512_set1_epi8(1)));
    const std::uint64_t numbers = _bzhi_u64(~std::uint64_t{0}, static_cast<unsigned>(count));
    const __m512i lengths = _mm512_sub_epi8(ends, starts);
    if (_mm512_mask_cmpgt_epu8_mask(numbers, _mm512_sub_epi8(lengths, _mm512_set1_epi8(1)), _mm512_set1_epi8(7)))
      return false;  // empty, or more than 8 digits

    const __m512i lane_end = _mm512_permutexvar_epi8(table(tables.lane), ends);
    const __m512i lane_start = _mm512_permutexvar_epi8(table(tables.lane), starts);
    const __m512i from = _mm512_add_epi8(lane_end, table(tables.from_end));  // the lane's 8 bytes before the separator
    const std::uint64_t in_lanes = _bzhi_u64(~std::uint64_t{0}, static_cast<unsigned>(8 * count));
    const std::uint64_t digit_bytes = _mm512_mask_cmpge_epi8_mask(in_lanes, from, lane_start);
    const __m512i digits =
        _mm512_maskz_permutexvar_epi8(digit_bytes, from, _mm512_subs_epu8(text, _mm512_set1_epi8('0')));

    const std::uint64_t first_digits = _mm512_mask_cmpeq_epi8_mask(digit_bytes, from, lane_start);
    const std::uint64_t longer = _mm512_cmpgt_epi8_mask(_mm512_sub_epi8(lane_end, lane_start), _mm512_set1_epi8(1));
    if (_mm512_mask_cmpeq_epi8_mask(first_digits & longer, digits, _mm512_setzero_si512()))
      return false;  // a leading zero

    const __m512i twos = _mm512_maddubs_epi16(digits, _mm512_set1_epi16(0x010A));   // 10 * first + second
    const __m512i fours = _mm512_madd_epi16(twos, _mm512_set1_epi32(0x00010064));    // 100 * first + second
    const __m512i eights = _mm512_add_epi64(_mm512_mul_epu32(fours, _mm512_set1_epi64(10000)),  // high half
                                            _mm512_srli_epi64(fours, 32));                     // + low half
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(slot), _mm512_cvtepi64_epi32(eights));
    slot += count;

    start += last + 1;
    const std::ptrdiff_t done = start - block;  // separators before this are read
    separators = done >= 64 ? 0 : separators & (~std::uint64_t{0} << done);
  }
  return true;
}

} // namespace

scanned_array scan_int_array_avx512(const char* text, const char* readable_end, std::vector<std::int32_t>& buffer,
                                    std::size_t from) {
  return scan_blocks<read_numbers_eight, classify_avx512>(text, readable_end, buffer, from);
}

} // namespace keepa::detail

#if defined(__clang__)
#pragma clang attribute pop
#else
#pragma GCC pop_options
#endif

namespace keepa::detail {

bool cpu_has_avx512_scan() {
  static const bool has = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
                          __builtin_cpu_supports("avx512vbmi") && __builtin_cpu_supports("avx512vbmi2") &&
                          __builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2") &&
                          __builtin_cpu_supports("popcnt");
  return has;
}

} // namespace keepa::detail

#else  // not x86-64: never called, as cpu_has_avx512_scan() is false

namespace keepa::detail {

scanned_array scan_int_array_avx512(const char* text, const char* readable_end, std::vector<std::int32_t>& buffer,
                                    std::size_t from) {
  return scan_int_array_generic(text, readable_end, buffer, from);
}

bool cpu_has_avx512_scan() {
  return false;
}

} // namespace keepa::detail

#endif
