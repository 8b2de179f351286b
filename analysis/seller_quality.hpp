// Seller quality: how sure we can be that a seller is good, not just its share
// of positive ratings (a 100 % seller with 3 ratings ranks below 98 % of 5000).
#pragma once

#include "keepa/product.hpp"

#include <optional>

namespace analysis {

// Lower bound of the Wilson score interval for `positive` out of `total`
// (z = 1.96, 95 %). 0 when total is 0.
double wilson_lower_bound(double positive, double total, double z = 1.96);

// From a /seller record: rating percent x rating count positives. nullopt when
// Keepa does not know the rating or its count.
std::optional<double> seller_quality(const keepa::seller& s);

} // namespace analysis
