// The knobs of the deal math, with the original system's defaults, and the
// loader that reads them from the [analysis] section of the TOML config.
#pragma once

#include "analysis/money.hpp"

#include <stdexcept>
#include <string>

namespace analysis {

struct settings {
  cents prep_fee_cents = 275;              // prep per book
  cents estimated_shipping_cents = 399;    // inbound shipping when no offer says
  double tax_pct = 5.0;                    // sales tax on Price Now
  bool tax_exempt = false;
  double markup_pct = 10.0;                // Min listing = All-in / (1 - markup)
  cents fallback_fba_fee_cents = 550;      // when fbaFees.pickAndPackFee is absent
  double fallback_referral_pct = 15.0;     // when referralFeePercentage is absent
  int inferred_sales_window_days = 1095;   // offer drops older than this are ignored
  int sale_confirmation_hours = 240;       // a rank drop this soon after confirms a sale
  int offer_match_days = 365;              // an offer must be seen this recently to match
};

class settings_error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

// Reads `[analysis]` from the TOML file at `path`; absent keys keep their
// defaults, an absent section gives all defaults. Throws settings_error naming
// the file and the key for unreadable files, unknown keys, wrong types and
// values out of range.
settings load_settings(const std::string& path);

} // namespace analysis
