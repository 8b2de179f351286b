// Reads values out of a JSON body by JSON pointer ("/products/0/asin"), so
// tests can check responses without the project's parser.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace mock_test {

// One parse, many look-ups. Throws std::runtime_error naming the pointer when
// it is absent or of another type, or when the body is not JSON.
class json_doc {
public:
  explicit json_doc(std::string_view body);
  ~json_doc();
  std::int64_t integer(std::string_view pointer) const;
  std::string string(std::string_view pointer) const;
  std::size_t size(std::string_view pointer) const;  // array length
  bool has(std::string_view pointer) const;
  std::vector<std::int64_t> integers(std::string_view pointer) const;

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

// One-off look-ups (a parse each).
std::int64_t json_int(std::string_view body, std::string_view pointer);
std::string json_string(std::string_view body, std::string_view pointer);
std::size_t json_size(std::string_view body, std::string_view pointer);
bool json_has(std::string_view body, std::string_view pointer);
std::vector<std::int64_t> json_ints(std::string_view body, std::string_view pointer);
bool json_valid(std::string_view body);

} // namespace mock_test
