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

// Bytes the scanner may read from the byte that stops it on (see below).
inline constexpr std::size_t history_scan_overread = 64;

struct scanned_array {
  const char* close = nullptr;  // the array's ']'; nullptr when the scanner declined it
  std::size_t count = 0;        // its numbers, at the front of the buffer
};

// Reads the array of integers starting at `text` (its '[') into the front of
// `buffer`, which only grows (it is meant to be kept and reused). Declines,
// returning close == nullptr, anything it does not take: whitespace, a nested
// value, null, a fraction, a leading zero, a number of more than 8 digits, a
// stray sign or comma. The caller then reads the array the careful way, which
// also names what was wrong. It reads up to history_scan_overread - 1 bytes
// past the byte that stops it (the ']', or the first byte it does not take),
// so that many readable bytes must follow that byte: in the parser's padded
// documents the 64 zero bytes after the body stop it at the latest.
// It converts two numbers at a time with SSSE3 where the processor has it
// (asked once, at the first call), one at a time otherwise.
scanned_array scan_int_array(const char* text, std::vector<std::int32_t>& buffer);

// The two ways on their own, so that the tests hold both to the same rules;
// the SSSE3 one only where cpu_has_ssse3().
scanned_array scan_int_array_generic(const char* text, std::vector<std::int32_t>& buffer);
scanned_array scan_int_array_ssse3(const char* text, std::vector<std::int32_t>& buffer);
bool cpu_has_ssse3();

} // namespace keepa::detail
