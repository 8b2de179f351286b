// Order statistics (the k-th smallest values) of cents, for the quartiles of
// inferred sales and the monthly medians: faster than std::nth_element on
// the few hundred prices a book has.
#pragma once

#include "analysis/money.hpp"

#include <cstddef>
#include <span>

namespace analysis {

// Writes to out[i] the value of rank ranks[i] (rank r: the (r + 1)-th
// smallest of `values`, as values[r] after sorting). `ranks` must be
// ascending (repeats allowed) and below values.size(); `out` as long as
// `ranks`. `values` are left as they are.
void select_ranks(std::span<const cents> values, std::span<const std::size_t> ranks, std::span<cents> out);

} // namespace analysis
