// Keyword rules and the Sells map for the 17 season labels.
#include "analysis/seasonality_rules.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace analysis {
namespace {

struct label_info {
  std::string_view name;
  std::string_view sells;
};

constexpr std::array<label_info, season_label_count> labels{{
    {"Textbook (Summer)", "Jul - Sep"},
    {"Textbook (Winter)", "Jan - Feb"},
    {"High School AP Textbooks", "Jul - Sep"},
    {"Law School", "Aug - Oct"},
    {"Nursing School", "Mar - Apr"},
    {"Medical School", "Aug - Sep"},
    {"Community College", "Sep - Oct & Jan - Feb"},
    {"Gardening", "Mar - Apr"},
    {"Grilling/BBQ", "May - Jun"},
    {"Christmas", "Nov - Dec"},
    {"New Year/Fitness", "Jan"},
    {"Tax Prep", "Jan - Apr"},
    {"Travel", "May - Aug"},
    {"Halloween", "Sep - Oct"},
    {"Thanksgiving", "Nov"},
    {"Romance/Valentine's Day", "Feb"},
    {"Year-round", "All Year"},
}};

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool has(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

// "AP" as a word ("AP Biology"), not inside "chapter" or "map".
bool has_word(const std::string& haystack, std::string_view word) {
  for (auto at = haystack.find(word); at != std::string::npos; at = haystack.find(word, at + 1)) {
    const bool left = at == 0 || !std::isalnum(static_cast<unsigned char>(haystack[at - 1]));
    const auto end = at + word.size();
    const bool right = end == haystack.size() || !std::isalnum(static_cast<unsigned char>(haystack[end]));
    if (left && right)
      return true;
  }
  return false;
}

} // namespace

std::string_view to_string(season_label l) { return labels[static_cast<int>(l)].name; }
std::string_view sells_months(season_label l) { return labels[static_cast<int>(l)].sells; }

std::optional<season_label> parse_season_label(std::string_view text) {
  for (int i = 0; i < season_label_count; ++i)
    if (labels[i].name == text)
      return static_cast<season_label>(i);
  return std::nullopt;
}

std::optional<season_label> classify_by_keywords(const book_facts& book) {
  const std::string title = lower(book.title), cat = lower(book.category), pub = lower(book.publisher);
  static constexpr std::array<std::string_view, 6> textbook_publishers{
      "cengage", "mcgraw-hill", "pearson", "wiley", "macmillan", "sage"};
  const bool textbook_publisher = std::any_of(textbook_publishers.begin(), textbook_publishers.end(),
                                              [&](std::string_view p) { return has_word(pub, p); });
  using enum season_label;
  if (has_word(title, "ap") && (has(cat, "high school") || textbook_publisher))
    return high_school_ap;
  if (textbook_publisher || has(title, "college") || has(title, "university") || has(cat, "textbook"))
    return has(title, "winter") || has(title, "spring semester") ? textbook_winter : textbook_summer;
  if (has(cat, "law school") || has(title, "bar exam") || has(title, "law school"))
    return law_school;
  if (has(cat, "nursing") || has(title, "nclex") || has(title, "nursing"))
    return nursing_school;
  if (has(cat, "medical school") || has(title, "mcat") || has(title, "usmle"))
    return medical_school;
  if (has(cat, "community college") || has(title, "community college"))
    return community_college;
  if (has(cat, "gardening") || has(title, "gardening") || has(title, "garden"))
    return gardening;
  if (has(cat, "grilling") || has(cat, "barbecue") || has(title, "grilling") || has(title, "bbq") ||
      has(title, "barbecue"))
    return grilling_bbq;
  if (has(title, "christmas") || has(cat, "christmas") || (has(title, "holiday") && has(title, "gift")))
    return christmas;
  if (has(title, "new year") || has(title, "fitness") || has(title, "diet") || has(cat, "fitness"))
    return new_year_fitness;
  if (has_word(title, "tax") && (has(title, "prep") || has(title, "guide") || has(title, "return")))
    return tax_prep;
  if (has(cat, "travel") || has(title, "travel"))
    return travel;
  if (has(title, "halloween") || has(cat, "halloween"))
    return halloween;
  if (has(title, "thanksgiving") || has(cat, "thanksgiving"))
    return thanksgiving;
  if (has(title, "valentine") || has(cat, "romance"))
    return romance_valentines;
  return std::nullopt;
}

season_label detailed_seasonality(const book_facts& book, season_advisor* advisor) {
  if (auto by_rule = classify_by_keywords(book))
    return *by_rule;
  if (advisor)
    if (auto pick = advisor->pick_season(book))
      if (auto label = parse_season_label(*pick))
        return *label;
  return season_label::year_round;
}

} // namespace analysis
