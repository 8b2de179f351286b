// libFuzzer target: error and /token bodies (the envelope and its error
// object) through keepa::parse_envelope.
#include "fuzz_keepa_parsers.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return fuzz::refused_or_parsed(data, size, [](std::string_view body) {
    std::optional<keepa::api_error> error;
    keepa::parse_envelope(body, "fuzz input", &error);
  });
}
