// Shared set-up for the mock server's tests: a small simulated-clock server
// on 127.0.0.1 and request targets built from the universe's ASINs.
#pragma once

#include "mock/mock_server.hpp"
#include "synth/universe.hpp"

#include <memory>
#include <string>

namespace mock_test {

inline constexpr const char* test_key = "test-key-0123";
inline constexpr std::uint64_t test_seed = 7;

inline mock::server_options small_universe(std::size_t products = 200) {
  mock::server_options o;
  o.universe_products = products;
  o.seed = test_seed;
  o.history_days = 400;
  o.token_rate = 20;
  o.simulated_clock = true;
  o.api_key = test_key;
  return o;
}

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
