// Selection parsing (simdjson DOM: the documents are tiny) and the feed's
// filter, sort and paging.
#include "mock/deal_feed.hpp"

#include "keepa/pricing.hpp"
#include "mock/request_error.hpp"
#include "synth/catalog.hpp"
#include "synth/universe.hpp"

#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>

namespace mock {
namespace {

using simdjson::dom::element;

[[noreturn]] void bad_field(std::string_view field, const std::string& problem) {
  throw invalid_parameter("selection." + std::string(field) + " " + problem);
}

std::int64_t integer_of(element value, std::string_view field) {
  std::int64_t v = 0;
  if (value.get_int64().get(v) != simdjson::SUCCESS)
    bad_field(field, "must be an integer");
  return v;
}

bool bool_of(element value, std::string_view field) {
  bool b = false;
  if (value.get_bool().get(b) != simdjson::SUCCESS)
    bad_field(field, "must be true or false");
  return b;
}

std::vector<std::int64_t> integers_of(element value, std::string_view field) {
  simdjson::dom::array array;
  if (value.get_array().get(array) != simdjson::SUCCESS)
    bad_field(field, "must be an array of integers");
  std::vector<std::int64_t> out;
  for (element item : array)
    out.push_back(integer_of(item, field));
  return out;
}

std::optional<value_range> range_of(element value, std::string_view field) {
  if (value.is_null())
    return std::nullopt;
  const auto bounds = integers_of(value, field);
  if (bounds.size() != 2)
    bad_field(field, "must be [min, max], got " + std::to_string(bounds.size()) + " numbers");
  if (bounds[1] >= 0 && bounds[1] < bounds[0])
    bad_field(field, "has max " + std::to_string(bounds[1]) + " below min " + std::to_string(bounds[0]));
  return value_range{bounds[0], bounds[1]};
}

bool listed_in(const synth::deal_summary& deal, std::int64_t category) {
  return category == synth::books_root_category || category == deal.leaf_category;
}

bool matches(const synth::deal_summary& deal, const deal_selection& s, keepa::keepa_minute now) {
  if (!in_feed(deal, s.price_type, now))
    return false;
  if (!s.include_categories.empty() &&
      std::none_of(s.include_categories.begin(), s.include_categories.end(),
                   [&](std::int64_t c) { return listed_in(deal, c); }))
    return false;
  if (std::any_of(s.exclude_categories.begin(), s.exclude_categories.end(),
                  [&](std::int64_t c) { return listed_in(deal, c); }))
    return false;
  if (!s.ranges_enabled)
    return true;
  if (s.sales_rank_range) {
    // Keepa: once this range is used, products without a rank are out.
    const std::int32_t rank = deal.current_of(keepa::sales_rank);
    if (rank < 0 || !s.sales_rank_range->contains(rank))
      return false;
  }
  if (s.current_range && !s.current_range->contains(deal.current_of(s.price_type)))
    return false;
  if (s.delta_percent_range) {
    const auto pct = drop_percent(deal, s.date_range, s.price_type);
    if (!pct || !s.delta_percent_range->contains(*pct))
      return false;
  }
  if (s.delta_range) {
    const auto cents = drop_cents(deal, s.date_range, s.price_type);
    if (!cents || !s.delta_range->contains(*cents))
      return false;
  }
  return true;
}

// Larger key first, for every sort type (rank is negated so the best rank is largest).
std::int64_t sort_key(const synth::deal_summary& deal, const deal_selection& s) {
  constexpr std::int64_t unknown = std::numeric_limits<std::int64_t>::min();
  switch (std::abs(s.sort_type)) {
  case 2:
    return drop_cents(deal, s.date_range, s.price_type).value_or(unknown);
  case 3: {
    const std::int32_t rank = deal.current_of(keepa::sales_rank);
    return rank < 0 ? unknown : -static_cast<std::int64_t>(rank);
  }
  case 4:
    return drop_percent(deal, s.date_range, s.price_type).value_or(unknown);
  default:
    return deal.last_update;
  }
}

} // namespace

deal_selection parse_selection(std::string_view json) {
  simdjson::dom::parser parser;
  element doc;
  if (auto error = parser.parse(simdjson::padded_string(json)).get(doc))
    throw invalid_parameter(std::string("selection is not valid JSON: ") + simdjson::error_message(error));
  simdjson::dom::object object;
  if (doc.get_object().get(object) != simdjson::SUCCESS)
    throw invalid_parameter("selection must be a JSON object");

  deal_selection s;
  for (auto [key, value] : object) {
    if (key == "page")
      s.page = integer_of(value, key);
    else if (key == "domainId")
      s.domain_id = integer_of(value, key);
    else if (key == "priceTypes") {
      // Keepa takes a bare number as a one-element list; the keepa Python
      // client's default deal query sends it so.
      const auto types = value.is_int64() ? std::vector<std::int64_t>{integer_of(value, key)} : integers_of(value, key);
      if (types.size() != 1)
        bad_field(key, "must hold exactly one price type, got " + std::to_string(types.size()));
      if (types[0] < 0 || types[0] >= keepa::csv_type_count)
        bad_field(key, "holds unknown price type " + std::to_string(types[0]));
      s.price_type = static_cast<int>(types[0]);
    } else if (key == "dateRange") {
      const auto range = integer_of(value, key);
      if (range < 0 || range >= keepa::deal_date_range_count)
        bad_field(key, "must be 0..3, got " + std::to_string(range));
      s.date_range = static_cast<int>(range);
    } else if (key == "sortType") {
      const auto sort = integer_of(value, key);
      if (sort < -4 || sort > 4)
        bad_field(key, "must be -4..4, got " + std::to_string(sort));
      s.sort_type = static_cast<int>(sort);
    } else if (key == "isRangeEnabled")
      s.ranges_enabled = bool_of(value, key);
    else if (key == "salesRankRange")
      s.sales_rank_range = range_of(value, key);
    else if (key == "currentRange")
      s.current_range = range_of(value, key);
    else if (key == "deltaPercentRange")
      s.delta_percent_range = range_of(value, key);
    else if (key == "deltaRange")
      s.delta_range = range_of(value, key);
    else if (key == "includeCategories")
      s.include_categories = value.is_null() ? std::vector<std::int64_t>{} : integers_of(value, key);
    else if (key == "excludeCategories")
      s.exclude_categories = value.is_null() ? std::vector<std::int64_t>{} : integers_of(value, key);
    // Other Keepa fields (minRating, singleVariation, ...) are accepted and not applied.
  }
  if (s.page < 0)
    bad_field("page", "must not be negative, got " + std::to_string(s.page));
  return s;
}

// The deal object's own delta fields (synth/deal.hpp: avg - current, a drop
// positive), so that filters and sorting agree with what clients read.
std::optional<std::int64_t> drop_cents(const synth::deal_summary& deal, int date_range, int price_type) {
  const std::int64_t current = deal.current_of(price_type);
  const std::int64_t average = deal.avg_of(date_range, price_type);
  if (current < 0 || average <= 0)
    return std::nullopt;
  return average - current;
}

std::optional<std::int64_t> drop_percent(const synth::deal_summary& deal, int date_range, int price_type) {
  const std::int64_t current = deal.current_of(price_type);
  const std::int64_t average = deal.avg_of(date_range, price_type);
  if (current < 0 || average <= 0)
    return std::nullopt;
  return std::lround(100.0 * static_cast<double>(average - current) / static_cast<double>(average));
}

bool in_feed(const synth::deal_summary& deal, int price_type, keepa::keepa_minute now) {
  if (now - deal.last_update > feed_window_minutes)
    return false;
  constexpr int ninety_days = 3;
  const std::int64_t current = deal.current_of(price_type);
  const std::int64_t average = deal.avg_of(ninety_days, price_type);
  // Exact, not the rounded deltaPercent: 9.6 % under is not "at least 10 %".
  return current >= 0 && average > 0 && (average - current) * 100 >= feed_min_drop_percent * average;
}

std::vector<std::size_t> select_deals(const synth::universe& universe, const deal_selection& s,
                                      keepa::keepa_minute now, std::size_t wanted) {
  const auto deals = universe.deals();
  std::vector<std::pair<std::int64_t, std::size_t>> keyed;
  for (std::size_t i = 0; i < deals.size(); ++i)
    if (matches(deals[i], s, now))
      keyed.emplace_back(sort_key(deals[i], s), i);
  // Age is not invertible in Keepa; the other sorts invert when negative.
  // ASINs are unique, so the order is total and the first `wanted` are the same however sorted.
  const bool inverted = s.sort_type < 0 && s.sort_type != -1;
  const auto before = [&](const auto& a, const auto& b) {
    if (a.first != b.first)
      return inverted ? a.first < b.first : a.first > b.first;
    return universe.asin(a.second) < universe.asin(b.second);
  };
  const std::size_t kept = std::min({keyed.size(), wanted, feed_max_results});
  std::partial_sort(keyed.begin(), keyed.begin() + static_cast<std::ptrdiff_t>(kept), keyed.end(), before);
  keyed.resize(kept);
  std::vector<std::size_t> out;
  out.reserve(keyed.size());
  for (const auto& [key, index] : keyed)
    out.push_back(index);
  return out;
}

std::span<const std::size_t> page_of(const std::vector<std::size_t>& matches, std::int64_t page,
                                     std::size_t shift) {
  const auto size = static_cast<std::size_t>(keepa::deal_page_size);
  if (page < 0 || page > static_cast<std::int64_t>(feed_max_results))
    return {};
  const auto unshifted = static_cast<std::size_t>(page) * size;
  const auto first = unshifted - std::min(shift, unshifted);
  if (first >= matches.size())
    return {};
  return std::span<const std::size_t>(matches).subspan(first, std::min(size, matches.size() - first));
}

} // namespace mock
