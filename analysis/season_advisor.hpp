// The seam for the optional LLM checks: the analysis asks an advisor whether a
// List at is reasonable and, when keyword rules say nothing, which season
// label fits. The default advisor answers as the original did when its LLM
// was off or failing: "reasonable", and no opinion on the season.
#pragma once

#include "analysis/money.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace analysis {

// What the advisor may know of a book; views into the analysed product.
struct book_facts {
  std::string_view title;
  std::string_view category;   // category names joined with " > ", root first
  std::string_view publisher;  // Keepa's `manufacturer`
};

class season_advisor {
public:
  virtual ~season_advisor() = default;

  // Is `list_at_cents` a reasonable price for this book at its peak?
  // `peak_month` is 1-12; `seasonality` the Detailed_Seasonality label.
  virtual bool list_at_reasonable(const book_facts& book, std::string_view seasonality,
                                  int peak_month, cents list_at_cents) {
    return true;
  }

  // One of the 17 labels of seasonality_rules.hpp, or nothing. Answers that
  // are not one of the labels are ignored by the analysis.
  virtual std::optional<std::string> pick_season(const book_facts& book) { return std::nullopt; }
};

} // namespace analysis
