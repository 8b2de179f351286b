// Shared set-up for the mock server's tests: a small simulated-clock server
// on 127.0.0.1 and request targets built from the universe's ASINs.
#pragma once

#include "mock/mock_server.hpp"
#include "synth/universe.hpp"
#include "tests/fixtures/mock_fixtures.hpp"

#include <memory>
#include <string>

namespace mock_test {

inline constexpr const char* test_key = fixtures::mock_key;
inline constexpr std::uint64_t test_seed = fixtures::mock_seed;

// Pinned to mock::default_start_ms: what the universe holds depends on the date.
inline mock::server_options small_universe(std::size_t products = 200) { return fixtures::mock_universe(products); }

inline std::unique_ptr<mock::mock_server> started(mock::server_options options) {
  auto server = std::make_unique<mock::mock_server>(std::move(options));
  server->start();
  return server;
}

// Comma list of the ASINs of products [first, first + count).
inline std::string asin_list(std::size_t first, std::size_t count) {
  std::string out;
  for (std::size_t i = first; i < first + count; ++i) {
    if (i != first)
      out += ',';
    out += synth::asin_for(test_seed, i);
  }
  return out;
}

inline std::string product_target(const std::string& asins, const std::string& params) {
  return "/product?key=" + std::string(test_key) + "&domain=1&asin=" + asins + (params.empty() ? "" : "&" + params);
}

} // namespace mock_test
