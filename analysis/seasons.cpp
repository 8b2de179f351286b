// Month grouping, medians and modes of inferred sale prices.
#include "analysis/seasons.hpp"

#include <algorithm>
#include <array>
#include <chrono>

namespace analysis {

int month_of(keepa::keepa_minute t) {
  using namespace std::chrono;
  const auto day = floor<days>(sys_seconds{seconds{keepa::to_unix(t)}});
  return static_cast<int>(static_cast<unsigned>(year_month_day{day}.month()));
}

std::optional<cents> median(std::vector<cents> values) {
  if (values.empty())
    return std::nullopt;
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  if (n % 2 == 1)
    return values[n / 2];
  return round_cents((static_cast<double>(values[n / 2 - 1]) + static_cast<double>(values[n / 2])) / 2.0);
}

std::optional<cents> repeated_mode(std::vector<cents> values) {
  std::sort(values.begin(), values.end());
  std::optional<cents> best;
  std::size_t best_count = 1;
  for (std::size_t i = 0; i < values.size();) {
    std::size_t j = i;
    while (j < values.size() && values[j] == values[i])
      ++j;
    if (j - i > best_count) {  // strictly more: the smaller value keeps a tie
      best = values[i];
      best_count = j - i;
    }
    i = j;
  }
  return best;
}

season_figures seasons_of(const std::vector<sale>& sales) {
  season_figures out;
  std::array<std::vector<cents>, 13> by_month;
  for (const auto& s : sales)
    by_month[month_of(s.t)].push_back(s.price_cents);
  std::array<std::optional<cents>, 13> medians;
  for (int m = 1; m <= 12; ++m) {
    medians[m] = median(by_month[m]);
    if (!medians[m])
      continue;
    if (!out.peak_month || *medians[m] > *medians[*out.peak_month])
      out.peak_month = m;
    if (!out.trough_month || *medians[m] < *medians[*out.trough_month])
      out.trough_month = m;
  }
  if (!out.peak_month)
    return out;
  const auto& peak = by_month[*out.peak_month];
  out.peak_price = repeated_mode(peak);
  if (!out.peak_price)
    out.peak_price = median(peak);
  out.expected_trough_cents = medians[*out.trough_month];
  return out;
}

std::optional<cents> list_at_cap(const keepa::product& p) {
  if (!p.stats)
    return std::nullopt;
  std::optional<std::int32_t> lowest;
  for (auto v : {p.stats->current[keepa::amazon], p.stats->avg180[keepa::amazon],
                 p.stats->avg365[keepa::amazon]})
    if (v > 0 && (!lowest || v < *lowest))
      lowest = v;
  if (!lowest)
    return std::nullopt;
  return round_cents(*lowest * 0.90);
}

std::optional<cents> one_year_average(const std::vector<sale>& sales, keepa::keepa_minute now) {
  const keepa::keepa_minute from = now - 365 * 24 * 60;
  cents sum = 0;
  std::int64_t n = 0;
  for (const auto& s : sales)
    if (s.t >= from && s.t <= now) {
      sum += s.price_cents;
      ++n;
    }
  if (n == 0)
    return std::nullopt;
  return round_cents(static_cast<double>(sum) / static_cast<double>(n));
}

} // namespace analysis
