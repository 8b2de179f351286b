// What every Keepa body shares: error reporting, the per-thread parser, the
// envelope and error object, generic arrays; plus the small /seller response.
#include "keepa/history_prescan.hpp"
#include "keepa/json_reader.hpp"
#include "keepa/parse_padded.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <span>

namespace keepa {

namespace {
std::string describe(std::string_view source, std::string_view asin, std::string_view field,
                     std::string_view problem) {
  std::string what(source);
  if (!asin.empty())
    what += fmt::format(": product {}", asin);
  if (field == "body")
    what += ": body";
  else if (!field.empty())
    what += fmt::format(": field {}", field);
  what += fmt::format(": {}", problem);
  return what;
}
} // namespace

parse_error::parse_error(std::string source, std::string asin, std::string field, std::string problem)
    : std::runtime_error(describe(source, asin, field, problem)),
      source_(std::move(source)),
      asin_(std::move(asin)),
      field_(std::move(field)),
      problem_(std::move(problem)) {}

namespace detail {

std::string indexed(std::string_view field, std::size_t index) {
  return fmt::format("{}[{}]", field, index);
}

std::string field_name::str() const {
  std::string s(name);
  if (index != npos)
    s += fmt::format("[{}]", index);
  if (!key.empty())
    s += fmt::format(".{}", key);
  return s;
}

void fail(const context& c, std::string_view field, std::string problem) {
  std::string where(field);
  // Until the asin is read, the item's position is the best name for it.
  if (c.asin.empty() && !c.list.empty())
    where = fmt::format("{}[{}]{}{}", c.list, c.index, field.empty() ? "" : ".", field);
  throw parse_error(std::string(c.source), std::string(c.asin), std::move(where), std::move(problem));
}

void fail_json(const context& c, std::string_view field, simdjson::error_code error,
               std::string_view expected) {
  if (error == simdjson::INCORRECT_TYPE)
    fail(c, field, fmt::format("expected {}", expected));
  fail(c, field,
       fmt::format("invalid or truncated JSON where {} was expected ({})", expected,
                   simdjson::error_message(error)));
}

void fail_type(const context& c, std::string_view field, od::value& v, std::string_view expected) {
  od::json_type type;
  if (auto e = v.type().get(type))
    fail_json(c, field, e, expected);
  std::string found;
  switch (type) {
  case od::json_type::array: found = "an array"; break;
  case od::json_type::object: found = "an object"; break;
  case od::json_type::boolean: found = "a boolean"; break;
  case od::json_type::null: found = "null"; break;
  case od::json_type::string: found = "a string"; break;
  case od::json_type::number: {
    std::string_view token = v.raw_json_token();
    while (!token.empty() && (token.back() == ' ' || token.back() == '\n' || token.back() == '\r' ||
                              token.back() == '\t'))
      token.remove_suffix(1);
    if (token.size() > 40)
      token = token.substr(0, 40);
    found = fmt::format("the number {}", token);
    if (expected.find("integer") != std::string_view::npos)
      found += token.find_first_of(".eE") == std::string_view::npos ? " (too large)" : " (not whole)";
    break;
  }
  }
  fail(c, field, fmt::format("expected {}, found {}", expected, found));
}

void fail_element(const context& c, std::string_view field,
                  simdjson::simdjson_result<od::value>& element, std::string_view expected) {
  od::value v;
  if (auto e = element.get(v))
    fail_json(c, field, e, expected);
  fail_type(c, field, v, expected);
}

static_assert(body_padding >= simdjson::SIMDJSON_PADDING);

od::document open_document(std::string_view body, const context& c, bool in_place) {
  thread_local od::parser parser;
  if (in_place) {
    od::document doc;
    if (auto e = parser.iterate(body.data(), body.size(), body.size() + body_padding).get(doc))
      fail_json(c, "body", e, "a JSON document");
    return doc;
  }
  // simdjson reads up to SIMDJSON_PADDING bytes past the end, so the body is
  // copied into a buffer this thread keeps (memcpy costs little next to
  // parsing in a loop, but a first parse also pays for the buffer's pages).
  thread_local std::vector<char> padded;
  if (padded.size() < body.size() + simdjson::SIMDJSON_PADDING)
    padded.resize(body.size() + simdjson::SIMDJSON_PADDING + body.size() / 8);
  std::memcpy(padded.data(), body.data(), body.size());
  std::memset(padded.data() + body.size(), 0, simdjson::SIMDJSON_PADDING);
  od::document doc;
  if (auto e = parser.iterate(padded.data(), body.size(), padded.size()).get(doc))
    fail_json(c, "body", e, "a JSON document");
  return doc;
}

void expect_document_end(od::document& doc, const context& c) {
  const char* at = nullptr;
  auto e = doc.current_location().get(at);
  if (e == simdjson::OUT_OF_BOUNDS)
    return;
  fail(c, "body", "unexpected text after the JSON object");
}

void read_int64_array(od::value& v, const context& c, std::string_view field,
                      std::vector<std::int64_t>& out) {
  out.clear();
  od::array arr;
  if (!open_array(v, c, field, arr))
    return;
  for (auto element : arr) {
    std::int64_t x;
    if (element.get_int64().get(x)) [[unlikely]]
      fail_element(c, indexed(field, out.size()), element, "an integer");
    out.push_back(x);
  }
}

void read_per_type(od::value& v, const context& c, std::string_view field, per_type& out) {
  // An array the prescan took (a /product body's stats): integers of at most
  // 8 digits, so each fits, and none is null.
  if (const prescanned_array* taken = c.prescanned ? c.prescanned->find(v.raw_json_token().data()) : nullptr) {
    thread_local std::vector<std::int32_t> scratch_numbers;  // for an array taken as points, which none of these is
    const std::span<const std::int32_t> numbers = c.prescanned->numbers_of(*taken, scratch_numbers);
    std::copy_n(numbers.begin(), std::min<std::size_t>(numbers.size(), csv_type_count), out.begin());
    return;
  }
  od::array arr;
  if (!open_array(v, c, field, arr))
    return;
  std::size_t i = 0;
  for (auto element : arr) {
    // Types Keepa adds after csv_type_count are not in the model yet.
    if (i < csv_type_count) {
      std::int64_t x;
      if (!element.get_int64().get(x)) [[likely]] {
        if (x < INT32_MIN || x > INT32_MAX) [[unlikely]]
          fail(c, indexed(field, i), fmt::format("value {} does not fit in 32 bits", x));
        out[i] = static_cast<std::int32_t>(x);
      } else {
        od::value ev;
        if (element.get(ev) || !is_null(ev))
          fail_element(c, indexed(field, i), element, "an integer or null");
      }
    }
    ++i;
  }
}

bool read_envelope_field(std::string_view key, od::value& v, const context& c, envelope& env) {
  if (key == "timestamp")
    env.timestamp_ms = read_int64(v, c, key, 0);
  else if (key == "tokensLeft")
    env.tokens_left = read_int32(v, c, key, 0);
  else if (key == "tokensConsumed")
    env.tokens_consumed = read_int32(v, c, key, 0);
  else if (key == "refillIn")
    env.refill_in_ms = read_int32(v, c, key, 0);
  else if (key == "refillRate")
    env.refill_rate = read_int32(v, c, key, 0);
  else if (key == "processingTimeInMs")
    env.processing_time_ms = read_int32(v, c, key, 0);
  else if (key == "tokenFlowReduction") {
    // Real bodies send it as a float ("0.0"); the model keeps whole tokens.
    double x = 0;
    if (v.get_double().get(x)) {
      if (!is_null(v))
        fail_type(c, key, v, "a number");
    } else if (!std::isfinite(x) || x < INT32_MIN || x > INT32_MAX) {
      fail(c, key, fmt::format("value {} does not fit in 32 bits", x));
    }
    env.token_flow_reduction = static_cast<std::int32_t>(std::lround(x));
  } else
    return false;
  return true;
}

api_error read_api_error(od::value& v, const context& c) {
  api_error error;
  od::object obj;
  if (!open_object(v, c, "error", obj))
    return error;
  for_each_field(obj, c, "error", [&](std::string_view key, od::value& field) {
    if (key == "type")
      error.type = read_string(field, c, "error.type");
    else if (key == "message")
      error.message = read_string(field, c, "error.message");
    else if (key == "details") {
      // Usually a string; keep anything else as its JSON text.
      std::string_view text;
      od::object o;
      od::array a;
      if (!field.get_string().get(text))
        error.details = text;
      else if (!field.get_object().get(o) && !o.raw_json().get(text))
        error.details = text;
      else if (!field.get_array().get(a) && !a.raw_json().get(text))
        error.details = text;
      else if (!is_null(field))
        error.details = field.raw_json_token();
    }
  });
  if (error.type.empty() && error.message.empty())
    error.type = "unknown";
  return error;
}

} // namespace detail

using namespace detail;

envelope parse_envelope(std::string_view body, std::string_view source,
                        std::optional<api_error>* error) {
  envelope env;
  const context c{source, {}};
  read_response(body, c, env, error, [](std::string_view, od::value&) {});
  return env;
}

namespace {
seller read_seller(od::value& v, const context& c, const std::string& where, std::string_view id) {
  seller s;
  od::object obj;
  if (!open_object(v, c, where, obj))
    return s;
  for_each_field(obj, c, where, [&](std::string_view name, od::value& field) {
    if (name == "sellerId")
      s.seller_id = read_string(field, c, where + ".sellerId");
    else if (name == "sellerName")
      s.name = read_string(field, c, where + ".sellerName");
    else if (name == "currentRating")
      s.current_rating = read_int32(field, c, where + ".currentRating", no_value);
    else if (name == "currentRatingCount")
      s.current_rating_count = read_int32(field, c, where + ".currentRatingCount", no_value);
  });
  if (s.seller_id.empty())
    s.seller_id = id;
  if (s.seller_id.empty())
    fail(c, where + ".sellerId", "missing");
  return s;
}
} // namespace

seller_response parse_seller_response(std::string_view body, std::string_view source) {
  seller_response r;
  const context c{source, {}};
  read_response(body, c, r.env, &r.error, [&](std::string_view key, od::value& v) {
    if (key != "sellers")
      return;
    // Keepa sends an object keyed by seller id; an array is accepted too.
    od::object by_id;
    od::array list;
    if (!v.get_object().get(by_id)) {
      for_each_field(by_id, c, "sellers", [&](std::string_view id, od::value& s) {
        if (!is_null(s))  // Keepa answers null for an id it does not know
          r.sellers.push_back(read_seller(s, c, fmt::format("sellers.{}", id), id));
      });
    } else if (!v.get_array().get(list)) {
      for_each_element(list, c, "sellers", [&](std::size_t i, od::value& s) {
        if (!is_null(s))
          r.sellers.push_back(read_seller(s, c, indexed("sellers", i), {}));
      });
    } else if (!is_null(v)) {
      fail_type(c, "sellers", v, "an object keyed by seller id");
    }
  });
  return r;
}

} // namespace keepa
