// libFuzzer target: /product response bodies through keepa::parse_product_response.
#include "fuzz_keepa_parsers.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return fuzz::refused_or_parsed(data, size, [](std::string_view body) {
    keepa::parse_product_response(body, "fuzz input");
  });
}
