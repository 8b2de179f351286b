// Keepa's `days=N`: the answer's histories (csv, salesRanks, offerCSV) limited
// to the last N days, for a smaller response.
#pragma once

#include "keepa/product.hpp"

namespace mock {

// Whether any history of the product reaches back before `cutoff`.
bool has_history_before(const keepa::product& product, keepa::keepa_minute cutoff);
// Drops every history point older than `cutoff`.
void keep_history_since(keepa::product& product, keepa::keepa_minute cutoff);

} // namespace mock
