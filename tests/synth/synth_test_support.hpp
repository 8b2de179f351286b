// Helpers shared by the synth tests: render a whole universe, find a product's index.
#pragma once

#include "synth/render.hpp"
#include "synth/universe.hpp"

#include <string>
#include <vector>

namespace synth_test {

inline std::string render_all(const synth::universe& u, const synth::render_options& options = {}) {
  const std::vector<keepa::product> products = u.all_products();
  std::vector<const keepa::product*> all;
  for (const auto& p : products) all.push_back(&p);
  keepa::envelope env;
  env.timestamp_ms = keepa::to_unix(u.now()) * 1000;
  return synth::render_product_response(all, env, options);
}

inline synth::universe make(std::size_t products, std::uint64_t seed, std::int32_t days = 1095) {
  synth::universe_options o;
  o.products = products;
  o.seed = seed;
  o.history_days = days;
  return synth::universe{o};
}

} // namespace synth_test
