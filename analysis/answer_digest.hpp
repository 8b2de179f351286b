// Every answer of one heavy analysis as one line of text, and its 64-bit hash:
// what a change made for speed must leave exactly as it was. Doubles are
// printed with 17 significant digits, so only a bit-identical value matches.
// Used by the before/after comparison (tests/analysis/same_answers_test.cpp)
// and by `bench_analysis --write-answers FILE`, which wrote the stored
// expectations with the code before the speed-up.
#pragma once

#include "analysis/analyze.hpp"

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

namespace analysis {

namespace digest_detail {
template <class T>
std::string text(const std::optional<T>& v) {
  if (!v)
    return "-";
  char buffer[40];
  if constexpr (std::is_floating_point_v<T>)
    std::snprintf(buffer, sizeof buffer, "%.17g", static_cast<double>(*v));
  else
    std::snprintf(buffer, sizeof buffer, "%lld", static_cast<long long>(*v));
  return buffer;
}
template <class T>
std::string text(const T& v) {
  return text(std::optional<T>(v));
}
inline std::string text(bool b) { return b ? "1" : "0"; }
} // namespace digest_detail

inline std::string answer_line(const analysis_result& r) {
  using digest_detail::text;
  std::string out = r.asin;
  auto put = [&out](std::string_view name, const std::string& value) {
    out += ' ';
    out += name;
    out += '=';
    out += value;
  };
  put("reason", std::string(to_string(r.reason)));
  put("price", r.price ? text(r.price->price_cents) + "/" + text(r.price->includes_offer_shipping) + "/" +
                             text(r.price->used)
                       : "-");
  put("rank", text(r.current.sales_rank));
  put("offers", text(r.current.offers_used));
  put("arrow", r.current.offers_trend);
  put("drops", text(r.current.drops_30d));
  put("amz", text(r.current.amazon_sells));
  put("changed", text(r.current.last_price_change_utc));
  put("sales", text(r.inferred_sales));
  put("offer_drops", text(r.offer_drops));
  put("peak", text(r.seasons.peak_month));
  put("trough", text(r.seasons.trough_month));
  put("peak_price", text(r.seasons.peak_price));
  put("trough_price", text(r.seasons.expected_trough_cents));
  put("list_at", text(r.list_at_cents));
  put("avg1y", text(r.one_year_avg_cents));
  put("confidence", text(r.profit_confidence_pct));
  put("season", r.seasonality);
  put("sells", r.sells);
  put("trend", r.trend);
  put("fba", text(r.product_fees.fba_fee_cents));
  put("referral", text(r.product_fees.referral_pct));
  put("all_in", text(r.profit.all_in_cost_cents));
  put("profit", text(r.profit.profit_cents));
  put("margin", text(r.profit.margin_pct));
  put("min_listing", text(r.profit.min_listing_cents));
  put("down", text(r.profit.percent_down));
  return out;
}

// FNV-1a.
inline std::uint64_t answer_hash(std::string_view line) {
  std::uint64_t h = 14695981039346656037ULL;
  for (const char c : line) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

} // namespace analysis
