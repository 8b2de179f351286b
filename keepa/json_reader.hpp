// Private to keepa_model (included only by keepa/parse*.cpp): the small
// vocabulary the Keepa parsers share for reading JSON with simdjson On-Demand
// and for naming the source, product and field when a value is wrong.
#pragma once

#include "keepa/parse.hpp"

#include <simdjson.h>

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace keepa::detail {

namespace od = simdjson::ondemand;

struct prescanned_body;

// Where the reader is, so an error can say which product of which body.
struct context {
  std::string_view source;
  std::string_view asin;       // empty until the item's asin is known
  std::string_view list = {};  // "products", "deals.dr": names the item while its asin is unknown
  std::size_t index = 0;
  prescanned_body* prescanned = nullptr;  // a /product body's arrays, read before simdjson; its histories move into the model
};

[[noreturn]] void fail(const context& c, std::string_view field, std::string problem);
// A simdjson error while reading `field`; `expected` says what should have been there.
[[noreturn]] void fail_json(const context& c, std::string_view field, simdjson::error_code error,
                            std::string_view expected);
// Like fail_json, but first looks at the value to say what was found instead.
[[noreturn]] void fail_type(const context& c, std::string_view field, od::value& v,
                            std::string_view expected);
// An array element that could not be read as `expected`.
[[noreturn]] void fail_element(const context& c, std::string_view field,
                               simdjson::simdjson_result<od::value>& element, std::string_view expected);
std::string indexed(std::string_view field, std::size_t index);

// A field name built only when an error needs it: "csv[3]", "salesRanks.3760911",
// "offers[2].offerCSV".
struct field_name {
  std::string_view name;
  std::size_t index = npos;
  std::string_view key = {};
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
  std::string str() const;
};

// The body in a padded buffer owned by this thread (or where it lies, when
// `in_place`: keepa::body_padding readable bytes follow it), opened with this
// thread's parser. Strings read from the document live until the thread
// parses again.
od::document open_document(std::string_view body, const context& c, bool in_place = false);
// Throws unless everything after the root value was whitespace.
void expect_document_end(od::document& doc, const context& c);

inline bool is_null(od::value& v) {
  bool null = false;
  return !v.is_null().get(null) && null;
}

inline std::int64_t read_int64(od::value& v, const context& c, std::string_view field,
                               std::int64_t if_null) {
  std::int64_t x;
  if (!v.get_int64().get(x)) [[likely]]
    return x;
  if (is_null(v))
    return if_null;
  fail_type(c, field, v, "an integer");
}

inline std::int32_t checked_int32(std::int64_t x, const context& c, std::string_view field) {
  if (x < std::numeric_limits<std::int32_t>::min() || x > std::numeric_limits<std::int32_t>::max())
    [[unlikely]]
    fail(c, field, "value " + std::to_string(x) + " does not fit in 32 bits");
  return static_cast<std::int32_t>(x);
}

inline std::int32_t read_int32(od::value& v, const context& c, std::string_view field,
                               std::int32_t if_null) {
  return checked_int32(read_int64(v, c, field, if_null), c, field);
}

inline keepa_minute checked_time(std::int64_t t, const context& c, std::string_view field) {
  if (t < 0 || t > max_keepa_minute) [[unlikely]]
    fail(c, field, "time " + std::to_string(t) + " is outside Keepa minutes 0.." +
                       std::to_string(max_keepa_minute));
  return static_cast<keepa_minute>(t);
}

// A single Keepa-minute field: null and -1 ("never") become 0, the model's "unknown".
inline keepa_minute read_time(od::value& v, const context& c, std::string_view field) {
  std::int64_t t = read_int64(v, c, field, 0);
  return t == -1 ? 0 : checked_time(t, c, field);
}

inline std::string read_string(od::value& v, const context& c, std::string_view field) {
  std::string_view s;
  if (!v.get_string().get(s)) [[likely]]
    return std::string(s);
  if (is_null(v))
    return {};
  fail_type(c, field, v, "a string");
}

inline bool read_bool(od::value& v, const context& c, std::string_view field, bool if_null) {
  bool b;
  if (!v.get_bool().get(b)) [[likely]]
    return b;
  if (is_null(v))
    return if_null;
  fail_type(c, field, v, "true or false");
}

// An array, or false for null.
inline bool open_array(od::value& v, const context& c, std::string_view field, od::array& out) {
  if (!v.get_array().get(out)) [[likely]]
    return true;
  if (is_null(v))
    return false;
  fail_type(c, field, v, "an array");
}

// An object, or false for null.
inline bool open_object(od::value& v, const context& c, std::string_view field, od::object& out) {
  if (!v.get_object().get(out)) [[likely]]
    return true;
  if (is_null(v))
    return false;
  fail_type(c, field, v, "an object");
}

// The asin names a product or deal in every error, so it is read first
// wherever it sits (Keepa sorts keys, so it is near the start); the object is
// then rewound for the other fields. `what` names the object in errors.
inline std::string read_asin_first(od::object& obj, const context& c, std::string_view what) {
  std::string asin;
  od::value asin_value;
  auto e = obj.find_field_unordered("asin").get(asin_value);
  if (e == simdjson::SUCCESS)
    asin = read_string(asin_value, c, "asin");
  else if (e != simdjson::NO_SUCH_FIELD)
    fail_json(c, "asin", e, what);
  if (asin.empty())
    fail(c, "asin", "missing");
  bool empty = false;
  if (auto re = obj.reset().get(empty))
    fail_json(c, "", re, what);
  return asin;
}

// Calls on_field(key, value) for every field; unknown keys are the caller's to ignore.
template <class OnField>
void for_each_field(od::object& obj, const context& c, std::string_view field, OnField&& on_field) {
  for (auto f : obj) {
    od::field entry;
    if (auto e = std::move(f).get(entry)) [[unlikely]]
      fail_json(c, field, e, "an object field");
    std::string_view key;
    if (auto e = entry.unescaped_key().get(key)) [[unlikely]]
      fail_json(c, field, e, "a field name");
    on_field(key, entry.value());
  }
}

// Calls on_element(index, value) for every element.
template <class OnElement>
void for_each_element(od::array& arr, const context& c, std::string_view field,
                      OnElement&& on_element) {
  std::size_t i = 0;
  for (auto element : arr) {
    od::value v;
    if (auto e = element.get(v)) [[unlikely]]
      fail_json(c, indexed(field, i), e, "an array element");
    on_element(i, v);
    ++i;
  }
}

// A flat array of integers into `out` (cleared first); null leaves it empty.
void read_int64_array(od::value& v, const context& c, std::string_view field,
                      std::vector<std::int64_t>& out);

// Keepa's per-type arrays (stats.current, deal.current, ...): null elements and
// null arrays keep `out`'s defaults; types past csv_type_count are ignored.
void read_per_type(od::value& v, const context& c, std::string_view field, per_type& out);

// A flat history [t, v, t, v, ...] (null: empty).
void read_pairs(od::value& v, const context& c, const field_name& field, std::vector<point>& out);
// A flat history of triples [t, price, shipping, ...] (null: empty).
void read_triples(od::value& v, const context& c, const field_name& field,
                  std::vector<shipped_point>& out);

// Envelope keys of every response; false when `key` is not one of them.
bool read_envelope_field(std::string_view key, od::value& v, const context& c, envelope& env);
api_error read_api_error(od::value& v, const context& c);

// Opens `body`, reads the envelope and error, hands every other top-level
// field to on_field(key, value), and checks nothing trails the root object.
template <class OnField>
void read_response(std::string_view body, const context& c, envelope& env,
                   std::optional<api_error>* error, OnField&& on_field, bool padded = false) {
  od::document doc = open_document(body, c, padded);
  od::object root;
  if (auto e = doc.get_object().get(root))
    fail_json(c, "body", e, "a JSON object");
  for_each_field(root, c, "body", [&](std::string_view key, od::value& v) {
    if (read_envelope_field(key, v, c, env))
      return;
    if (key == "error") {
      if (is_null(v))
        return;
      api_error parsed = read_api_error(v, c);
      if (error)
        *error = std::move(parsed);
      return;
    }
    on_field(key, v);
  });
  expect_document_end(doc, c);
}

} // namespace keepa::detail
