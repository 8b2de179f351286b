// Renders the payload model as Keepa's exact JSON (the inverse of
// keepa/parse.hpp), for the generator, the mock server and benchmarks.
#pragma once

#include "keepa/product.hpp"

#include <span>
#include <string>

namespace synth {

struct render_options {
  bool history = true;   // history=0 drops csv and salesRanks
  bool offers = false;   // include offers[] (and the offer-only csv types)
  bool stats = true;     // include the stats object
};

std::string render_product_response(std::span<const keepa::product* const> products,
                                    const keepa::envelope& env, const render_options& options);
std::string render_deal_response(std::span<const keepa::deal> deals, const keepa::envelope& env);
std::string render_seller_response(std::span<const keepa::seller> sellers, const keepa::envelope& env);
std::string render_error_response(const keepa::api_error& error, const keepa::envelope& env);

} // namespace synth
