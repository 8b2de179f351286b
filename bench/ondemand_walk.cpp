#include "bench/ondemand_walk.hpp"

#include <simdjson.h>

#include <cstdio>
#include <cstdlib>

namespace bench {
namespace {

namespace od = simdjson::ondemand;

[[noreturn]] void die(simdjson::error_code e) {
  std::fprintf(stderr, "ondemand walk: %s\n", simdjson::error_message(e));
  std::exit(1);
}

template <class T>
T must(simdjson::simdjson_result<T>&& r) {
  T out;
  if (auto e = std::move(r).get(out))
    die(e);
  return out;
}

std::size_t walk(od::value v) {
  switch (must(v.type())) {
  case od::json_type::array: {
    std::size_t sum = 0;
    for (auto element : must(v.get_array()))
      sum += walk(must(std::move(element)));
    return sum;
  }
  case od::json_type::object: {
    std::size_t sum = 0;
    for (auto field : must(v.get_object()))
      sum += walk(must(std::move(field)).value());
    return sum;
  }
  case od::json_type::number: {
    std::int64_t i;
    if (!v.get_int64().get(i))
      return static_cast<std::size_t>(i);
    return static_cast<std::size_t>(must(v.get_double()));
  }
  case od::json_type::string:
    return must(v.get_raw_json_string()).raw() != nullptr;
  case od::json_type::boolean:
    return must(v.get_bool());
  case od::json_type::null:
    return 0;
  }
  return 0;
}

} // namespace

std::size_t touch_every_value(const std::string& body) {
  // The same padded copy the parser makes, so both pay for it.
  thread_local od::parser parser;
  thread_local std::string padded;
  padded.assign(body);
  padded.append(simdjson::SIMDJSON_PADDING, ' ');
  od::document doc = must(parser.iterate(padded.data(), body.size(), padded.size()));
  return walk(must(doc.get_value()));
}

std::size_t dom_tape(const std::string& body) {
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (auto e = parser.parse(body).get(root))
    die(e);
  return root.is_object();
}

} // namespace bench
