// Word lists and season curves of the synthetic books.
#include "synth/catalog.hpp"

#include <array>
#include <chrono>
#include <cmath>

namespace synth {
namespace {

template <std::size_t N>
std::string_view pick(rng& random, const std::array<std::string_view, N>& words) {
  return words[random.below(N)];
}

constexpr std::array<std::string_view, 6> textbook_publishers{
    "Pearson", "Cengage Learning", "McGraw-Hill Education", "Wiley", "Macmillan Learning", "SAGE Publications"};
constexpr std::array<std::string_view, 8> trade_publishers{
    "Penguin Random House", "HarperCollins", "Simon & Schuster", "Hachette Book Group",
    "Workman Publishing", "Chronicle Books", "Ten Speed Press", "Storey Publishing"};
constexpr std::array<std::string_view, 14> textbook_subjects{
    "Calculus", "Organic Chemistry", "Microeconomics", "Introductory Statistics", "Biology",
    "Physics for Scientists and Engineers", "Financial Accounting", "Psychology",
    "Anatomy & Physiology", "Sociology", "Linear Algebra", "Marketing Management",
    "Human Development", "American Government"};
constexpr std::array<std::string_view, 5> textbook_forms{
    "{}, 9th Edition", "Principles of {}", "{}: Concepts and Applications", "Essentials of {}",
    "{} (Loose-Leaf Edition)"};
constexpr std::array<std::string_view, 4> law_titles{
    "Constitutional Law: Cases and Materials", "Contracts: Examples & Explanations",
    "Civil Procedure for Law School", "Evidence: A Law School Casebook"};
constexpr std::array<std::string_view, 4> nursing_titles{
    "Fundamentals of Nursing", "Medical-Surgical Nursing", "Pharmacology for Nursing Care",
    "NCLEX-RN Review for Nursing School"};
constexpr std::array<std::string_view, 5> gardening_titles{
    "The Vegetable Gardening Handbook", "Square Foot Gardening", "The Organic Garden Year",
    "Raised Bed Gardening for Beginners", "Perennials for Every Garden"};
constexpr std::array<std::string_view, 4> grilling_titles{
    "The Grilling Bible", "Weber's Way to Grill", "Barbecue and Smoking Mastery",
    "Backyard Grilling Recipes"};
constexpr std::array<std::string_view, 5> christmas_titles{
    "A Christmas Carol", "The Christmas Cookie Book", "The Night Before Christmas",
    "Christmas Crafts for the Whole Family", "A Very Merry Christmas Treasury"};
constexpr std::array<std::string_view, 4> fitness_titles{
    "New Year, New You: A 30-Day Fitness Plan", "Strength Training Anatomy",
    "The Fitness Mindset", "Couch to 5K Running Guide"};
constexpr std::array<std::string_view, 4> tax_titles{
    "J.K. Lasser's Your Income Tax", "Taxes Made Simple", "Small Business Tax Guide",
    "Tax Preparation Workbook"};
constexpr std::array<std::string_view, 5> travel_titles{
    "Rick Steves Italy", "Lonely Planet Japan", "Fodor's Essential Europe Travel Guide",
    "National Parks Road Trip Travel Guide", "Frommer's Hawaii"};
constexpr std::array<std::string_view, 3> halloween_titles{
    "Halloween Party Cookbook", "Scary Stories for Halloween Night", "The Halloween Tree"};
constexpr std::array<std::string_view, 3> thanksgiving_titles{
    "The Thanksgiving Table", "Thanksgiving Dinner Made Easy", "A Thanksgiving Cookbook"};
constexpr std::array<std::string_view, 4> romance_titles{
    "A Valentine's Romance", "Love Letters: A Romance Novel", "The Wedding Season",
    "Romance in Paris"};
constexpr std::array<std::string_view, 10> general_titles{
    "The Silent Harbor", "A History of the World in Twelve Maps", "Thinking in Systems",
    "The Art of Clear Writing", "Birds of North America", "The Lighthouse Keeper",
    "Cooking Every Day", "The Complete Book of Chess", "Mindful Parenting", "Deep Work"};
constexpr std::array<std::string_view, 12> first_names{
    "James", "Maria", "Robert", "Linda", "David", "Susan", "Michael", "Karen", "Daniel",
    "Patricia", "Thomas", "Elena"};
constexpr std::array<std::string_view, 12> last_names{
    "Smith", "Johnson", "Garcia", "Miller", "Davis", "Rodriguez", "Wilson", "Anderson",
    "Taylor", "Moore", "Jackson", "Martin"};

struct kind_info {
  book_kind kind;
  double weight;
  std::int64_t leaf;
  std::string_view leaf_name;
};
constexpr std::array<kind_info, 13> kinds{{
    {book_kind::textbook, 30, 465600, "Textbooks"},
    {book_kind::law, 3, 10777, "Law"},
    {book_kind::nursing, 3, 227555, "Medical Books"},
    {book_kind::gardening, 5, 48, "Crafts, Hobbies & Home"},
    {book_kind::grilling, 3, 6, "Cookbooks, Food & Wine"},
    {book_kind::christmas, 5, 4, "Children's Books"},
    {book_kind::new_year_fitness, 3, 10, "Health, Fitness & Dieting"},
    {book_kind::tax, 3, 3, "Business & Money"},
    {book_kind::travel, 5, 27, "Travel"},
    {book_kind::halloween, 2, 86, "Humor & Entertainment"},
    {book_kind::thanksgiving, 2, 6, "Cookbooks, Food & Wine"},
    {book_kind::romance, 4, 23, "Romance"},
    {book_kind::general, 32, 17, "Literature & Fiction"},
}};

std::string textbook_title(rng& random) {
  std::string form{pick(random, textbook_forms)};
  const auto subject = pick(random, textbook_subjects);
  form.replace(form.find("{}"), 2, subject);
  return form;
}

// A bump of width `days` around `center` (day of year), wrapping at year end.
double bump(int day, double center, double days) {
  double d = std::fabs(day - center);
  if (d > 182.5) d = 365.0 - d;
  return std::exp(-0.5 * (d / days) * (d / days));
}

std::chrono::year_month_day civil(keepa::keepa_minute t) {
  const auto days = std::chrono::floor<std::chrono::days>(std::chrono::sys_seconds{std::chrono::seconds{keepa::to_unix(t)}});
  return std::chrono::year_month_day{days};
}

} // namespace

std::string_view kind_name(book_kind kind) {
  switch (kind) {
  case book_kind::textbook: return "textbook";
  case book_kind::law: return "law";
  case book_kind::nursing: return "nursing";
  case book_kind::gardening: return "gardening";
  case book_kind::grilling: return "grilling";
  case book_kind::christmas: return "christmas";
  case book_kind::new_year_fitness: return "new year fitness";
  case book_kind::tax: return "tax";
  case book_kind::travel: return "travel";
  case book_kind::halloween: return "halloween";
  case book_kind::thanksgiving: return "thanksgiving";
  case book_kind::romance: return "romance";
  case book_kind::general: return "general";
  }
  return "general";
}

book_profile make_profile(rng& random) {
  double total = 0;
  for (const auto& k : kinds) total += k.weight;
  double roll = random.uniform() * total;
  const kind_info* chosen = &kinds.back();
  for (const auto& k : kinds) {
    if (roll < k.weight) { chosen = &k; break; }
    roll -= k.weight;
  }
  book_profile p;
  p.kind = chosen->kind;
  p.leaf_category = chosen->leaf;
  p.leaf_category_name = std::string{chosen->leaf_name};
  const bool academic = p.kind == book_kind::textbook || p.kind == book_kind::law || p.kind == book_kind::nursing;
  p.publisher = std::string{academic ? pick(random, textbook_publishers) : pick(random, trade_publishers)};
  switch (p.kind) {
  case book_kind::textbook: p.title = textbook_title(random); break;
  case book_kind::law: p.title = std::string{pick(random, law_titles)}; break;
  case book_kind::nursing: p.title = std::string{pick(random, nursing_titles)}; break;
  case book_kind::gardening: p.title = std::string{pick(random, gardening_titles)}; break;
  case book_kind::grilling: p.title = std::string{pick(random, grilling_titles)}; break;
  case book_kind::christmas: p.title = std::string{pick(random, christmas_titles)}; break;
  case book_kind::new_year_fitness: p.title = std::string{pick(random, fitness_titles)}; break;
  case book_kind::tax: p.title = std::string{pick(random, tax_titles)}; break;
  case book_kind::travel: p.title = std::string{pick(random, travel_titles)}; break;
  case book_kind::halloween: p.title = std::string{pick(random, halloween_titles)}; break;
  case book_kind::thanksgiving: p.title = std::string{pick(random, thanksgiving_titles)}; break;
  case book_kind::romance: p.title = std::string{pick(random, romance_titles)}; break;
  case book_kind::general: p.title = std::string{pick(random, general_titles)}; break;
  }
  p.author = std::string{pick(random, first_names)} + " " + std::string{pick(random, last_names)};
  p.binding = academic ? (random.chance(0.7) ? "Hardcover" : "Loose Leaf") : (random.chance(0.6) ? "Paperback" : "Hardcover");
  return p;
}

double season_lift(book_kind kind, keepa::keepa_minute t) { return season_lift_on(kind, day_of_year(t)); }

double season_lift_on(book_kind kind, int day) {
  switch (kind) {
  case book_kind::textbook:
  case book_kind::law:
  case book_kind::nursing:
    return std::max(bump(day, 236, 20), 0.6 * bump(day, 12, 12));  // ~Aug 24, ~Jan 12
  case book_kind::gardening: return bump(day, 100, 28);
  case book_kind::grilling: return bump(day, 165, 30);
  case book_kind::christmas: return bump(day, 345, 18);
  case book_kind::new_year_fitness: return bump(day, 6, 12);
  case book_kind::tax: return bump(day, 75, 30);
  case book_kind::travel: return bump(day, 160, 35);
  case book_kind::halloween: return bump(day, 295, 12);
  case book_kind::thanksgiving: return bump(day, 325, 9);
  case book_kind::romance: return bump(day, 42, 10);
  case book_kind::general: return 0.0;
  }
  return 0.0;
}

int month_of(keepa::keepa_minute t) { return static_cast<int>(static_cast<unsigned>(civil(t).month())); }

int day_of_year(keepa::keepa_minute t) {
  // Mean Gregorian year from 1970; off by at most a day, which a season curve does not notice.
  const double days = static_cast<double>(keepa::to_unix(t)) / 86400.0;
  const double in_year = std::fmod(days, 365.2425);
  return static_cast<int>(in_year);
}

} // namespace synth
