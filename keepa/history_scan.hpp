// Private to keepa_model: a fast path for Keepa's history arrays.
//
// Almost all of a full-history /product body is flat arrays of integers
// written without whitespace ("[6750720,1239,6752378,-1]"). Reading them one
// element at a time through simdjson On-Demand costs a pass over the
// structural index per number, and a scalar digit loop whose every step waits
// for the one before. This scanner reads the text itself: it finds the
// separators of 64 bytes at a time, so the numbers of a block are parsed
// independently of each other (8 digits at a time), straight into int32.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace keepa::detail {

// Bytes the scanner reads from the start of a 64-byte block: the block, and
// the 16-byte load of a pair that begins at its last byte.
inline constexpr std::size_t history_scan_reach = 80;

struct scanned_array {
  const char* close = nullptr;  // the array's ']'; nullptr when the scanner declined it
  std::size_t count = 0;        // its numbers, in the buffer from `from` on
};

// Reads the array of integers starting at `text` (its '[') into `buffer` from
// index `from` on. The buffer only grows (it is meant to be kept and reused):
// its size is room, and what lies past the numbers read is scratch. Declines,
// returning close == nullptr, anything it does not take: whitespace, a nested
// value, null, a fraction, a leading zero, a number of more than 8 digits, a
// stray sign or comma. The caller then reads the array the careful way, which
// also names what was wrong. It reads 64-byte blocks from text + 1 and never
// at or past `readable_end`: an array whose last block would reach past it
// (history_scan_reach from the block's start) is declined too, so the text
// needs no padding; with history_scan_reach readable bytes from the ']' on,
// it is always read.
// It converts eight numbers at a time with AVX-512 VBMI2 where the processor
// has it, two at a time with SSSE3, one at a time otherwise (the processor
// is asked once, at the first call).
scanned_array scan_int_array(const char* text, const char* readable_end, std::vector<std::int32_t>& buffer,
                             std::size_t from);

// The three ways on their own, so that the tests hold them to the same rules;
// the SSSE3 one only where cpu_has_ssse3(), the AVX-512 one only where
// cpu_has_avx512_scan() (keepa/history_scan_avx512.cpp).
scanned_array scan_int_array_generic(const char* text, const char* readable_end, std::vector<std::int32_t>& buffer,
                                     std::size_t from);
scanned_array scan_int_array_ssse3(const char* text, const char* readable_end, std::vector<std::int32_t>& buffer,
                                   std::size_t from);
bool cpu_has_ssse3();
scanned_array scan_int_array_avx512(const char* text, const char* readable_end, std::vector<std::int32_t>& buffer,
                                    std::size_t from);
bool cpu_has_avx512_scan();

} // namespace keepa::detail
