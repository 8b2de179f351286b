// Private to keepa_model: a /product body's arrays of numbers, read before
// simdjson sees the body.
//
// Nearly all of a full-history body is history arrays (98.6 % of a synthetic
// one), and most of a stats-only body is the stats' per-type arrays. Given to
// simdjson whole, its stage 1 indexes every comma in them, and On-Demand then
// reads them a number at a time. The prescan reads each such array with the
// scanner (history_scan.hpp) straight from the body and hands simdjson a copy
// of the body with each array it took written as "[]". The parser finds an
// array's numbers by where its "[]" stands in that copy. An array the scanner
// declines is copied as it is and read the careful way, as is anything the
// prescan does not recognise, so the parse is the same with or without it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace keepa::detail {

struct prescanned_array {
  std::size_t at = 0;     // offset of its "[]" in the prescanned text
  std::size_t first = 0;  // its first number in `numbers`
  std::size_t count = 0;
};

struct prescanned_body {
  std::string text;  // the body with the arrays taken out, then prescanned_padding zero bytes
  std::vector<std::int32_t> numbers;
  std::vector<prescanned_array> arrays;  // in the order of `at`
  std::size_t products = 0;  // objects in the root's "products" array: room to reserve

  // The array whose "[]" starts at `open` (a pointer into `text`), or nullptr.
  const prescanned_array* find(const char* open) const;
};

// Bytes of zeros after the prescanned text: simdjson's padding.
inline constexpr std::size_t prescanned_padding = 64;

// Fills `out` from `body`, reusing its buffers. It takes the histories (the
// arrays under "csv" and "offerCSV" and the values of a "salesRanks" object)
// and the per-type arrays of a "stats" object ("current", "avg", ...), by
// their keys as written. `readable` bytes from body.data() may be read
// (body.size() or more): the scanner uses what follows the body, if anything.
void prescan_arrays(std::string_view body, std::size_t readable, prescanned_body& out);

} // namespace keepa::detail
