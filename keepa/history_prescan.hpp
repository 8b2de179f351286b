// Private to keepa_model: a /product body's arrays of numbers, read before
// simdjson sees the body.
//
// Nearly all of a full-history body is history arrays (98.6 % of a synthetic
// one), and most of a stats-only body is the stats' per-type arrays. Given to
// simdjson whole, its stage 1 indexes every comma in them, and On-Demand then
// reads them a number at a time. The prescan reads each such array with the
// scanner (history_scan.hpp) straight from the body and hands simdjson a copy
// of the body with each array it took written as "[]". The parser finds an
// array (its numbers, or the history built from them) by where its "[]"
// stands in that copy. An array the scanner declines is copied as it is and read the careful way, as is anything the
// prescan does not recognise, so the parse is the same with or without it.
#pragma once

#include "keepa/product.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace keepa::detail {

// How a taken array is kept: as the parser will read it.
enum class prescanned_shape : std::uint8_t {
  numbers,  // as written, in `numbers`: the stats' per-type arrays, and a csv entry past the model's types
  pairs,    // [time, value] points, in `pairs`
  triples,  // [time, price, shipping] points, in `triples`
};

struct prescanned_array {
  std::size_t at = 0;  // offset of its "[]" in the prescanned text
  prescanned_shape shape = prescanned_shape::numbers;
  std::size_t index = 0;  // its first number in `numbers`, or its place in `pairs` or `triples`
  std::size_t count = 0;  // its numbers
};

struct prescanned_body {
  std::string text;  // the body with the arrays taken out, then prescanned_padding zero bytes
  std::vector<std::int32_t> numbers;
  // The histories, built from the scanner's numbers while they are still in
  // the cache, for the parser to move into the model. Copied later, out of a
  // buffer of all of a body's numbers, they cost a fifth of the parse: the
  // 5.6 MB of a 100-book body had left the cache by then.
  std::vector<std::vector<point>> pairs;
  std::vector<std::vector<shipped_point>> triples;
  std::vector<prescanned_array> arrays;  // in the order of `at`
  std::size_t products = 0;  // objects in the root's "products" array: room to reserve

  // The array whose "[]" starts at `open` (a pointer into `text`), or nullptr.
  const prescanned_array* find(const char* open) const;
  // The numbers of `array` as they were written: in `numbers`, or copied
  // into `scratch` from its points.
  std::span<const std::int32_t> numbers_of(const prescanned_array& array, std::vector<std::int32_t>& scratch) const;
};

// Bytes of zeros after the prescanned text: simdjson's padding.
inline constexpr std::size_t prescanned_padding = 64;

// Fills `out` from `body`, reusing its buffers. It takes the histories (the
// arrays under "csv" and "offerCSV" and the values of a "salesRanks" object)
// and the per-type arrays of a "stats" object ("current", "avg", ...), by
// their keys as written. A history is taken only when it is whole points
// with times in range; any other is left for the careful reader, which names
// what is wrong with it. `readable` bytes from body.data() may be read
// (body.size() or more): the scanner uses what follows the body, if anything.
void prescan_arrays(std::string_view body, std::size_t readable, prescanned_body& out);

// Numbers read as points, sizeof(Point) / 4 at a time, so that a history is
// allocated once and written once. Its reference is a value (each point is
// read out of the numbers, never aliased as one), which is all
// vector::assign and the range constructor ask of it.
template <class Point>
class points_from_numbers {
public:
  using iterator_category = std::forward_iterator_tag;
  using value_type = Point;
  using difference_type = std::ptrdiff_t;
  using pointer = const Point*;
  using reference = Point;

  points_from_numbers() = default;
  explicit points_from_numbers(const std::int32_t* at) : at_(at) {}
  Point operator*() const {
    Point p;
    std::memcpy(&p, at_, sizeof p);
    return p;
  }
  points_from_numbers& operator++() {
    at_ += sizeof(Point) / sizeof(std::int32_t);
    return *this;
  }
  points_from_numbers operator++(int) {
    points_from_numbers before = *this;
    ++*this;
    return before;
  }
  friend bool operator==(points_from_numbers, points_from_numbers) = default;

private:
  const std::int32_t* at_ = nullptr;
};

} // namespace keepa::detail
