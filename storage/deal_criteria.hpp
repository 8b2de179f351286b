// What makes a stored deal worth buying: the seller's thresholds on profit
// and margin. Notifications, the deals_profitable view and
// `export --profitable` all ask this one question.
#pragma once

#include <cstdint>
#include <optional>

namespace storage {

struct deal_criteria {
  // The original system's bar: a profit above $0 (so at least a cent) and a
  // margin of at least 20 % of List at.
  std::int64_t min_profit_cents = 1;
  double min_margin_pct = 20.0;

  // A deal without a profit or a margin (no price, no List at) meets nothing.
  constexpr bool met_by(std::optional<std::int64_t> profit_cents, std::optional<double> margin_pct) const {
    return profit_cents && margin_pct && *profit_cents >= min_profit_cents && *margin_pct >= min_margin_pct;
  }
};

// The system_state keys under which the store records the criteria it was
// opened with, so the deals_profitable view (plain SQL, no parameters) and a
// read-only reader apply the same bar as the node that wrote the rows.
inline constexpr const char* criteria_min_profit_key = "deals.min_profit_cents";
inline constexpr const char* criteria_min_margin_key = "deals.min_margin_pct";

} // namespace storage
