// Detailed_Seasonality: the 17 season labels, the keyword rules that pick one
// from title, category and publisher, and the months each label "Sells".
#pragma once

#include "analysis/season_advisor.hpp"

#include <optional>
#include <string_view>

namespace analysis {

enum class season_label {
  textbook_summer, textbook_winter, high_school_ap, law_school, nursing_school,
  medical_school, community_college, gardening, grilling_bbq, christmas,
  new_year_fitness, tax_prep, travel, halloween, thanksgiving, romance_valentines,
  year_round,
};
inline constexpr int season_label_count = 17;

std::string_view to_string(season_label l);       // "Textbook (Summer)", ...
std::string_view sells_months(season_label l);    // "Jul - Sep", ..., "All Year"
std::optional<season_label> parse_season_label(std::string_view text);  // exact label

// Keyword rules, first match wins; nullopt when none applies.
std::optional<season_label> classify_by_keywords(const book_facts& book);

// Keyword rules, else the advisor's pick when it is a valid label, else Year-round.
season_label detailed_seasonality(const book_facts& book, season_advisor* advisor);

} // namespace analysis
