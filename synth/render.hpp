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

// Types Keepa sends only with `offers` (keepa-api.md): 7, 9, 10, 15-27, 31-33.
constexpr bool is_offer_only_type(int type) {
  return type == 7 || type == 9 || type == 10 || (type >= 15 && type <= 27) || (type >= 31 && type <= 33);
}

// What a request with `options` sees of a product, as the model: without
// history no csv/salesRanks; without offers no offers[], no offer-only
// histories, and the offer parts of stats say -2 (not requested), with null
// min/max for offer-only types; without stats no stats. Rendering `p` with
// `options` and parsing the text gives as_rendered(p, options).
keepa::product as_rendered(const keepa::product& p, const render_options& options);

std::string render_product_response(std::span<const keepa::product* const> products,
                                    const keepa::envelope& env, const render_options& options);
// categoryIds/categoryNames/categoryCount are counted from the deals' root categories.
std::string render_deal_response(std::span<const keepa::deal> deals, const keepa::envelope& env);
// `sellers` is an object keyed by seller id, as Keepa sends it.
std::string render_seller_response(std::span<const keepa::seller> sellers, const keepa::envelope& env);
std::string render_error_response(const keepa::api_error& error, const keepa::envelope& env);

} // namespace synth
