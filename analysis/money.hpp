// Money in integer cents, and the one rounding rule every analysis field uses.
#pragma once

#include <cmath>
#include <cstdint>

namespace analysis {

using cents = std::int64_t;

// Fractions of a cent round half away from zero (1.5 -> 2, -1.5 -> -2), the
// rule people expect from a till; std::llround does exactly this.
inline cents round_cents(double amount_in_cents) { return std::llround(amount_in_cents); }

// `percent` of `amount`, rounded to a whole cent.
inline cents percent_of(cents amount, double percent) {
  return round_cents(static_cast<double>(amount) * percent / 100.0);
}

} // namespace analysis
