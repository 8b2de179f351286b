// Keyword rules for Detailed_Seasonality, the Sells map and the advisor seam.
#include "analysis/seasonality_rules.hpp"

#include <catch2/catch.hpp>

using analysis::season_label;

namespace {

struct rule_case {
  const char* title;
  const char* category;
  const char* publisher;
  std::optional<season_label> expected;
};

// Answers pick_season with a fixed text and counts the calls.
struct scripted_advisor : analysis::season_advisor {
  std::optional<std::string> answer;
  int calls = 0;
  std::optional<std::string> pick_season(const analysis::book_facts&) override {
    ++calls;
    return answer;
  }
};

} // namespace

TEST_CASE("keyword rules pick a season from title, category and publisher", "[seasonality]") {
  using enum season_label;
  const std::vector<rule_case> cases{
      {"Campbell Biology", "Books > Science", "Pearson", textbook_summer},
      {"Calculus", "Books", "Cengage Learning", textbook_summer},
      {"College Algebra, Winter Edition", "Books", "", textbook_winter},
      {"AP Biology Prep", "Books > Teen > High School", "Barron's", high_school_ap},
      // "ap" inside "chapter" and "map" is not AP.
      {"Chapter by Chapter Map Book", "Books > Teen > High School", "", std::nullopt},
      // "Sage" only as a word: "Passage" is no textbook publisher.
      {"A Quiet Novel", "Books > Literature", "Passage Press", std::nullopt},
      {"Bar Exam Essentials", "Books", "", law_school},
      {"NCLEX-RN Review", "Books", "", nursing_school},
      {"MCAT Prep", "Books", "", medical_school},
      {"Intro to Business", "Books > Community College", "", community_college},
      {"The Vegetable Gardening Bible", "Books > Home", "", gardening},
      {"Weber's Grilling", "Books > Cookbooks", "", grilling_bbq},
      {"A Christmas Carol", "Books > Classics", "", christmas},
      {"Holiday Gift Wrapping", "Books > Crafts", "", christmas},
      {"Fitness for Life", "Books > Health", "", new_year_fitness},
      {"J.K. Lasser's Your Income Tax Guide", "Books > Business", "", tax_prep},
      {"Rick Steves Italy", "Books > Travel > Europe", "", travel},
      {"Halloween Crafts", "Books > Crafts", "", halloween},
      {"Thanksgiving Recipes", "Books > Cookbooks", "", thanksgiving},
      {"Love at Last", "Books > Romance > Contemporary", "", romance_valentines},
      {"Moby Dick", "Books > Literature", "Penguin", std::nullopt},
      {"", "", "", std::nullopt},
  };
  for (const auto& c : cases) {
    INFO(c.title << " | " << c.category << " | " << c.publisher);
    CHECK(analysis::classify_by_keywords({c.title, c.category, c.publisher}) == c.expected);
  }
}

TEST_CASE("every label has a name that parses back and a Sells period", "[seasonality]") {
  for (int i = 0; i < analysis::season_label_count; ++i) {
    const auto label = static_cast<season_label>(i);
    CHECK(analysis::parse_season_label(analysis::to_string(label)) == label);
    CHECK_FALSE(analysis::sells_months(label).empty());
  }
  CHECK(analysis::sells_months(season_label::textbook_summer) == "Jul - Sep");
  CHECK(analysis::sells_months(season_label::christmas) == "Nov - Dec");
  CHECK(analysis::sells_months(season_label::year_round) == "All Year");
  CHECK(analysis::to_string(season_label::romance_valentines) == "Romance/Valentine's Day");
  CHECK_FALSE(analysis::parse_season_label("christmas"));  // labels are exact
}

TEST_CASE("the advisor is asked only when no keyword rule applies", "[seasonality]") {
  scripted_advisor advisor;
  advisor.answer = "Christmas";
  const analysis::book_facts plain{"Moby Dick", "Books > Literature", "Penguin"};
  CHECK(analysis::detailed_seasonality(plain, &advisor) == season_label::christmas);
  CHECK(advisor.calls == 1);

  const analysis::book_facts garden{"Gardening Month by Month", "", ""};
  CHECK(analysis::detailed_seasonality(garden, &advisor) == season_label::gardening);
  CHECK(advisor.calls == 1);

  advisor.answer = "Spooky Season";  // not a label: ignored
  CHECK(analysis::detailed_seasonality(plain, &advisor) == season_label::year_round);
  advisor.answer.reset();
  CHECK(analysis::detailed_seasonality(plain, &advisor) == season_label::year_round);
  CHECK(analysis::detailed_seasonality(plain, nullptr) == season_label::year_round);

  analysis::season_advisor default_advisor;  // says nothing, finds everything reasonable
  CHECK(analysis::detailed_seasonality(plain, &default_advisor) == season_label::year_round);
  CHECK(default_advisor.list_at_reasonable(plain, "Year-round", 9, 123456));
}
