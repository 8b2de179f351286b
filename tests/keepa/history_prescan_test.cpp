// The prescan: which arrays of a /product body it takes (by their keys,
// never inside a string), the copy it leaves for simdjson, where each
// array's numbers went, and that it stops safely on a broken body.
#include "keepa/history_prescan.hpp"
#include "keepa/history_scan.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace {

using keepa::detail::prescanned_body;
using shape = keepa::detail::prescanned_shape;

// The prescanned text without its padding.
std::string text_of(const prescanned_body& p) {
  REQUIRE(p.text.size() >= keepa::detail::prescanned_padding);
  return p.text.substr(0, p.text.size() - keepa::detail::prescanned_padding);
}

// Prescans `body` with room after it, as a padded body has.
prescanned_body prescan(const std::string& body) {
  std::string padded = body + std::string(keepa::detail::history_scan_reach, '\0');
  prescanned_body p;
  keepa::detail::prescan_arrays(std::string_view(padded.data(), body.size()), padded.size(), p);
  return p;
}

// The numbers of the index-th array taken, in whichever shape it was kept.
std::vector<std::int32_t> numbers_of(const prescanned_body& p, std::size_t index) {
  std::vector<std::int32_t> scratch;
  const auto numbers = p.numbers_of(p.arrays.at(index), scratch);
  return {numbers.begin(), numbers.end()};
}

std::vector<shape> shapes_of(const prescanned_body& p) {
  std::vector<shape> shapes;
  for (const auto& a : p.arrays) shapes.push_back(a.shape);
  return shapes;
}

// The prescan of `body` takes one array, the first written as `array`, with
// `numbers` in it, and leaves the rest as written.
void check_only_taken(const std::string& body, const std::string& array, const std::vector<std::int32_t>& numbers) {
  const prescanned_body p = prescan(body);
  REQUIRE(p.arrays.size() == 1);
  CHECK(numbers_of(p, 0) == numbers);
  std::string want = body;
  want.replace(want.find(array), array.size(), "[]");
  CHECK(text_of(p) == want);
}

void check_only_7_8_taken(const std::string& body) {
  check_only_taken(body, "[7,8]", {7, 8});
}

} // namespace

TEST_CASE("the prescan takes the histories and the stats' per-type arrays, and nothing else") {
  const std::string body =
      R"({"products":[{"asin":"B0PRE00001","categories":[5,6],"current":[9],"csv":[null,[7207224,2499],[],[1,2,3,4]],)"
      R"("salesRanks":{"283155":[7207224,5]},"stats":{"current":[1,-2,3],"avg90":[4],"extra":[8]},)"
      R"("offers":[{"sellerId":"A1","offerCSV":[7207224,2499,0]}]}]})";
  const prescanned_body p = prescan(body);
  CHECK(text_of(p) == R"({"products":[{"asin":"B0PRE00001","categories":[5,6],"current":[9],"csv":[null,[],[],[]],)"
                      R"("salesRanks":{"283155":[]},"stats":{"current":[],"avg90":[],"extra":[8]},)"
                      R"("offers":[{"sellerId":"A1","offerCSV":[]}]}]})");
  REQUIRE(p.arrays.size() == 7);
  CHECK(numbers_of(p, 0) == std::vector<std::int32_t>{7207224, 2499});
  CHECK(numbers_of(p, 1).empty());
  CHECK(numbers_of(p, 2) == std::vector<std::int32_t>{1, 2, 3, 4});
  CHECK(numbers_of(p, 3) == std::vector<std::int32_t>{7207224, 5});
  CHECK(numbers_of(p, 4) == std::vector<std::int32_t>{1, -2, 3});
  CHECK(numbers_of(p, 5) == std::vector<std::int32_t>{4});
  CHECK(numbers_of(p, 6) == std::vector<std::int32_t>{7207224, 2499, 0});
  CHECK(p.products == 1);
  // Each array is found by where its "[]" stands, and nothing else is.
  const std::string text = text_of(p);
  for (const auto& h : p.arrays) {
    CHECK(text.compare(h.at, 2, "[]") == 0);
    CHECK(p.find(p.text.data() + h.at) == &h);
  }
  CHECK(p.find(p.text.data() + text.find("[5,6]")) == nullptr);
  CHECK(p.find(p.text.data() + text.find("[8]")) == nullptr);
  CHECK(p.find(body.data()) == nullptr);  // not a pointer into the prescanned text
}

TEST_CASE("the prescan sees keys only as keys, and brackets in strings as text") {
  // "csv" as a value, an array inside a title, an escaped quote before one,
  // and a key with a backslash: none of these is a history.
  const std::string body =
      R"({"products":[{"asin":"B0PRE00002","title":"csv","csvx":[[1,2]],)"
      R"("author":"Vol. [1,2] \" \"csv\":[[3,4]]","binding":"a\\","c\u0073v":[[5,6]],"csv":[[7,8]]}]})";
  check_only_7_8_taken(body);
}

TEST_CASE("strings, escapes and blank runs read the same wherever a 64-byte block boundary falls") {
  // The walk reads the body in 64-byte blocks: a string with a bracket, an
  // escaped quote and an escaped backslash in it, then a run of blanks, are
  // moved across every boundary; the history after them is always taken and
  // nothing in the string ever is.
  for (std::size_t shift = 0; shift < 130; ++shift) {
    const std::string body = R"({"products":[{"asin":"B0PRE00005","title":")" + std::string(shift, 'x') +
                             R"( \"[[3,4]] \\","author":"[[5,6]]",)" + std::string(shift, ' ') +
                             R"("csv" : [[7,8]]}]})";
    INFO("shift " << shift);
    check_only_7_8_taken(body);
  }
}

TEST_CASE("an array the scanner declines is left as written for the careful reader") {
  const std::string body = R"({"products":[{"asin":"B0PRE00003","csv":[[1, 2],[1.5,2],[3,4]]}]})";
  const prescanned_body p = prescan(body);
  REQUIRE(p.arrays.size() == 1);
  CHECK(numbers_of(p, 0) == std::vector<std::int32_t>{3, 4});
  CHECK(text_of(p) == R"({"products":[{"asin":"B0PRE00003","csv":[[1, 2],[1.5,2],[]]}]})");
}

TEST_CASE("the prescan counts the products, and keeps its buffers from body to body") {
  prescanned_body p = prescan(R"({"products":[{"asin":"A","csv":[[1,2]]},{"asin":"B"},{"asin":"C"}],"x":{}})");
  CHECK(p.products == 3);
  CHECK(p.arrays.size() == 1);
  std::string second = R"({"products":[{"asin":"D","csv":[[9,9]]}]})";
  second.append(keepa::detail::history_scan_reach, '\0');
  keepa::detail::prescan_arrays(std::string_view(second.data(), second.size() - keepa::detail::history_scan_reach),
                                   second.size(), p);
  CHECK(p.products == 1);
  REQUIRE(p.arrays.size() == 1);
  CHECK(numbers_of(p, 0) == std::vector<std::int32_t>{9, 9});
  CHECK(text_of(p) == R"({"products":[{"asin":"D","csv":[[]]}]})");
}

TEST_CASE("a broken body is copied as it is from where the prescan loses its way") {
  // Cut inside a string, inside a history, after too many closing brackets,
  // and nested deeper than the prescan follows: the copy is the body itself
  // from that point on, for simdjson to name what is wrong.
  std::string deep = R"({"products":[{"asin":"B0PRE00004","x":)";
  for (int i = 0; i < 40; ++i) deep += "[";
  deep += R"(1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]],"csv":[[1,2]]}]})";
  for (const std::string& body :
       {std::string(R"({"products":[{"asin":"B0PRE0)"), std::string(R"({"products":[{"csv":[[7207224,24)"),
        std::string(R"({"products":[]}]]],"csv":[[1,2]]})"), deep}) {
    INFO(body);
    // Without room after it, as an unpadded body is read.
    const std::vector<char> exact(body.begin(), body.end());
    prescanned_body p;
    keepa::detail::prescan_arrays(std::string_view(exact.data(), exact.size()), exact.size(), p);
    CHECK(text_of(p) == body);
    CHECK(p.arrays.empty());
  }
}

TEST_CASE("each history is kept in the shape the parser reads it in, by its csv type") {
  // csv types by position, nulls and a declined array counted: 1 pairs, 7
  // (new, FBM shipping) triples, 36 past the model's types as numbers; the
  // salesRanks values pairs, offerCSV triples, the stats' arrays numbers.
  std::string csv = "[null,[7207224,2499],[1, 2]";
  for (int type = 3; type < 7; ++type) csv += ",null";
  csv += ",[7207224,2499,399]";
  for (int type = 8; type < 36; ++type) csv += ",null";
  csv += ",[5,6,7]]";
  const std::string body = R"({"products":[{"asin":"B0PRE00006","csv":)" + csv +
                           R"(,"salesRanks":{"283155":[7207224,5]},"stats":{"current":[1,2,3]},)"
                           R"("offers":[{"offerCSV":[7207224,2499,0]}]}]})";
  const prescanned_body p = prescan(body);
  CHECK(shapes_of(p) ==
        std::vector<shape>{shape::pairs, shape::triples, shape::numbers, shape::pairs, shape::numbers, shape::triples});
  REQUIRE(p.pairs.size() == 2);
  CHECK(p.pairs[0] == std::vector<keepa::point>{{7207224, 2499}});
  CHECK(p.pairs[1] == std::vector<keepa::point>{{7207224, 5}});
  REQUIRE(p.triples.size() == 2);
  CHECK(p.triples[0] == std::vector<keepa::shipped_point>{{7207224, 2499, 399}});
  CHECK(p.triples[1] == std::vector<keepa::shipped_point>{{7207224, 2499, 0}});
  CHECK(numbers_of(p, 2) == std::vector<std::int32_t>{5, 6, 7});
  CHECK(numbers_of(p, 4) == std::vector<std::int32_t>{1, 2, 3});
  CHECK(numbers_of(p, 1) == std::vector<std::int32_t>{7207224, 2499, 399});  // copied out of the points
}

TEST_CASE("a history that is not whole points, or has a time out of range, is left for the careful reader") {
  // Odd pairs, a triple type of four numbers, a negative time and one past
  // 2100: each is written as it was, so the careful reader names the problem.
  std::string csv = "[[7207224,2499,7207225],[-1,2],[99999999,2],[7207224,5]";
  for (int type = 4; type < 7; ++type) csv += ",null";
  csv += ",[7207224,2499,399,1]]";
  check_only_taken(R"({"products":[{"asin":"B0PRE00007","csv":)" + csv + "}]}", "[7207224,5]", {7207224, 5});
}

TEST_CASE("a string among the csv entries leaves the types after it unknown, and those arrays as written") {
  // A comma inside the string would shift every type after it: the prescan
  // takes nothing after it rather than guess, and the careful reader decides.
  const std::string body = R"({"products":[{"asin":"B0PRE00008","csv":[[1,2],"a,b",[3,4],{"x":[5]},[6,7]]}]})";
  const prescanned_body p = prescan(body);
  REQUIRE(p.arrays.size() == 1);
  CHECK(numbers_of(p, 0) == std::vector<std::int32_t>{1, 2});
  CHECK(text_of(p) == R"({"products":[{"asin":"B0PRE00008","csv":[[],"a,b",[3,4],{"x":[5]},[6,7]]}]})");
}

TEST_CASE("an object among the csv entries counts as one entry, whatever commas it holds") {
  // Type 7 is a triple type; so the entry after the object is type 7 only
  // if the object's own commas are not counted.
  const std::string body =
      R"({"products":[{"asin":"B0PRE00009","csv":[null,null,null,null,null,null,{"a":1,"b":[1,2]},[7207224,1,2]]}]})";
  const prescanned_body p = prescan(body);
  CHECK(shapes_of(p) == std::vector<shape>{shape::triples});
  CHECK(numbers_of(p, 0) == std::vector<std::int32_t>{7207224, 1, 2});
}
