// simdjson DOM behind json_probe.hpp.
#include "json_probe.hpp"

#include <simdjson.h>

#include <stdexcept>

namespace mock_test {

struct json_doc::impl {
  simdjson::dom::parser parser;
  simdjson::dom::element root;

  simdjson::dom::element at(std::string_view pointer) const {
    if (pointer.empty())
      return root;
    simdjson::dom::element found;
    if (root.at_pointer(pointer).get(found) != simdjson::SUCCESS)
      throw std::runtime_error("no " + std::string(pointer) + " in the body");
    return found;
  }
};

json_doc::json_doc(std::string_view body) : impl_(std::make_unique<impl>()) {
  if (auto error = impl_->parser.parse(simdjson::padded_string(body)).get(impl_->root))
    throw std::runtime_error(std::string("body is not JSON: ") + simdjson::error_message(error));
}

json_doc::~json_doc() = default;

std::int64_t json_doc::integer(std::string_view pointer) const {
  std::int64_t v = 0;
  if (impl_->at(pointer).get_int64().get(v) != simdjson::SUCCESS)
    throw std::runtime_error(std::string(pointer) + " is not an integer");
  return v;
}

std::string json_doc::string(std::string_view pointer) const {
  std::string_view v;
  if (impl_->at(pointer).get_string().get(v) != simdjson::SUCCESS)
    throw std::runtime_error(std::string(pointer) + " is not a string");
  return std::string(v);
}

std::size_t json_doc::size(std::string_view pointer) const {
  simdjson::dom::array array;
  if (impl_->at(pointer).get_array().get(array) != simdjson::SUCCESS)
    throw std::runtime_error(std::string(pointer) + " is not an array");
  return array.size();
}

bool json_doc::has(std::string_view pointer) const {
  simdjson::dom::element found;
  return pointer.empty() || impl_->root.at_pointer(pointer).get(found) == simdjson::SUCCESS;
}

std::vector<std::int64_t> json_doc::integers(std::string_view pointer) const {
  simdjson::dom::array array;
  if (impl_->at(pointer).get_array().get(array) != simdjson::SUCCESS)
    throw std::runtime_error(std::string(pointer) + " is not an array");
  std::vector<std::int64_t> out;
  for (auto item : array) {
    std::int64_t v = 0;
    if (item.get_int64().get(v) != simdjson::SUCCESS)
      throw std::runtime_error(std::string(pointer) + " holds a non-integer");
    out.push_back(v);
  }
  return out;
}

std::int64_t json_int(std::string_view body, std::string_view pointer) { return json_doc(body).integer(pointer); }
std::string json_string(std::string_view body, std::string_view pointer) { return json_doc(body).string(pointer); }
std::size_t json_size(std::string_view body, std::string_view pointer) { return json_doc(body).size(pointer); }
bool json_has(std::string_view body, std::string_view pointer) { return json_doc(body).has(pointer); }
std::vector<std::int64_t> json_ints(std::string_view body, std::string_view pointer) {
  return json_doc(body).integers(pointer);
}

bool json_valid(std::string_view body) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  return parser.parse(simdjson::padded_string(body)).get(doc) == simdjson::SUCCESS;
}

} // namespace mock_test
