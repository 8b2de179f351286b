// The Wilson lower bound of a seller's positive share.
#include "analysis/seller_quality.hpp"

#include <cmath>

namespace analysis {

double wilson_lower_bound(double positive, double total, double z) {
  if (total <= 0)
    return 0.0;
  const double p = positive / total;
  const double z2 = z * z;
  const double centre = p + z2 / (2 * total);
  const double spread = z * std::sqrt(p * (1 - p) / total + z2 / (4 * total * total));
  return (centre - spread) / (1 + z2 / total);
}

std::optional<double> seller_quality(const keepa::seller& s) {
  if (s.current_rating < 0 || s.current_rating_count < 0)
    return std::nullopt;
  const double total = s.current_rating_count;
  return wilson_lower_bound(s.current_rating / 100.0 * total, total);
}

} // namespace analysis
