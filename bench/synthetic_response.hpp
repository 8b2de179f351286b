// A /product response of synthetic books, as the mock renders one: the body
// the parse benchmarks read.
#pragma once

#include "synth/render.hpp"
#include "synth/universe.hpp"

#include <string>
#include <vector>

namespace bench {

// `books` (from u.all_products()) in one response, stamped with u's time.
inline std::string synthetic_product_response(const synth::universe& u, const std::vector<keepa::product>& books,
                                              const synth::render_options& options) {
  std::vector<const keepa::product*> ptrs;
  ptrs.reserve(books.size());
  for (const auto& p : books)
    ptrs.push_back(&p);
  keepa::envelope env;
  env.timestamp_ms = keepa::to_unix(u.now()) * 1000;
  env.tokens_left = 1000;
  env.refill_rate = 20;
  return synth::render_product_response(ptrs, env, options);
}

} // namespace bench
