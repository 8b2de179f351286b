// What a synthetic book is about: its kind (which decides its season), title,
// author, publisher and category, drawn from word lists the analysis' keyword
// rules recognise (textbook publishers, gardening, Christmas, tax, travel...).
#pragma once

#include "keepa/time.hpp"
#include "synth/random.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace synth {

enum class book_kind : std::uint8_t {
  textbook, law, nursing, gardening, grilling, christmas, new_year_fitness, tax,
  travel, halloween, thanksgiving, romance, general,
};

inline constexpr std::int64_t books_root_category = 283155;

struct book_profile {
  book_kind kind = book_kind::general;
  std::string title;
  std::string author;
  std::string publisher;
  std::string binding;
  std::int64_t leaf_category = 0;
  std::string leaf_category_name;
};

std::string_view kind_name(book_kind kind);
book_profile make_profile(rng& random);

// Demand/price lift of a kind at a moment, 0 off season .. 1 at the peak.
// Textbooks peak in late August (semester start) and, less, in mid January.
double season_lift(book_kind kind, keepa::keepa_minute t);
// The same by day of year (0..365, as day_of_year): season_lift(k, t) == season_lift_on(k, day_of_year(t)).
double season_lift_on(book_kind kind, int day);

// 1..12 and 0..365 of a Keepa minute, in UTC.
int month_of(keepa::keepa_minute t);
int day_of_year(keepa::keepa_minute t);

} // namespace synth
