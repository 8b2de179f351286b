// Month grouping, medians and modes of inferred sale prices.
#include "analysis/seasons.hpp"

#include "analysis/selection.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <span>

namespace analysis {

int month_of(keepa::keepa_minute t) {
  using namespace std::chrono;
  const auto day = floor<days>(sys_seconds{seconds{keepa::to_unix(t)}});
  return static_cast<int>(static_cast<unsigned>(year_month_day{day}.month()));
}

namespace {

// The median by selection, not sorting.
std::optional<cents> median_of(std::span<const cents> values) {
  if (values.empty())
    return std::nullopt;
  const std::size_t n = values.size();
  if (n % 2 == 1) {
    cents middle = 0;
    select_ranks(values, std::array{n / 2}, std::span{&middle, 1});
    return middle;
  }
  std::array<cents, 2> middle{};  // the (n/2 - 1)th and the (n/2)th smallest
  select_ranks(values, std::array{n / 2 - 1, n / 2}, middle);
  return round_cents((static_cast<double>(middle[0]) + static_cast<double>(middle[1])) / 2.0);
}

// The month of each sale; sales come oldest first, so the month's bounds are
// worked out once a month rather than once a sale.
class month_finder {
public:
  int operator()(keepa::keepa_minute t) {
    if (t < start_ || t >= end_) {
      using namespace std::chrono;
      const auto day = floor<days>(sys_seconds{seconds{keepa::to_unix(t)}});
      const year_month_day ymd{day};
      const auto first = sys_days{ymd.year() / ymd.month() / 1};
      const auto next = sys_days{(ymd.year() / ymd.month() / 1) + months{1}};
      start_ = keepa::to_keepa_minute(duration_cast<seconds>(first.time_since_epoch()).count());
      end_ = keepa::to_keepa_minute(duration_cast<seconds>(next.time_since_epoch()).count());
      month_ = static_cast<int>(static_cast<unsigned>(ymd.month()));
      if (month_of(t) != month_ || t < start_ || t >= end_) {  // a minute not on the grid: no caching
        start_ = end_ = 0;
        return month_of(t);
      }
    }
    return month_;
  }

private:
  keepa::keepa_minute start_ = 0, end_ = 0;
  int month_ = 0;
};

} // namespace

std::optional<cents> median(std::vector<cents> values) { return median_of(values); }

namespace {

// The most repeated of sorted values (the smallest on a tie), nullopt when
// none repeats.
std::optional<cents> mode_of_sorted(std::span<const cents> values) {
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

// Sale prices grouped by calendar month in one buffer, by counting the
// sales of each month first: no vector per month growing sale by sale.
class prices_by_month {
public:
  explicit prices_by_month(const std::vector<sale>& sales) : prices_(sales.size()) {
    std::vector<std::uint8_t> months(sales.size());
    month_finder month;
    std::array<std::size_t, 14> next{};  // first the count of month m at m + 1
    for (std::size_t i = 0; i < sales.size(); ++i) {
      months[i] = static_cast<std::uint8_t>(month(sales[i].t));
      ++next[months[i] + 1];
    }
    for (int m = 1; m <= 13; ++m)
      next[m] += next[m - 1];
    start_ = next;
    for (std::size_t i = 0; i < sales.size(); ++i)
      prices_[next[months[i]]++] = sales[i].price_cents;
  }
  std::span<const cents> of(int m) const {
    return std::span{prices_}.subspan(start_[m], start_[m + 1] - start_[m]);
  }

private:
  std::vector<cents> prices_;
  std::array<std::size_t, 14> start_{};  // month m's prices are prices_[start_[m], start_[m + 1])
};

} // namespace

std::optional<cents> repeated_mode(std::vector<cents> values) {
  std::sort(values.begin(), values.end());
  return mode_of_sorted(values);
}

season_figures seasons_of(const std::vector<sale>& sales) {
  season_figures out;
  const prices_by_month by_month(sales);
  std::array<std::optional<cents>, 13> medians;
  for (int m = 1; m <= 12; ++m) {
    medians[m] = median_of(by_month.of(m));
    if (!medians[m])
      continue;
    if (!out.peak_month || *medians[m] > *medians[*out.peak_month])
      out.peak_month = m;
    if (!out.trough_month || *medians[m] < *medians[*out.trough_month])
      out.trough_month = m;
  }
  if (!out.peak_month)
    return out;
  const auto peak = by_month.of(*out.peak_month);
  std::vector<cents> sorted(peak.begin(), peak.end());
  std::sort(sorted.begin(), sorted.end());
  out.peak_price = mode_of_sorted(sorted);
  if (!out.peak_price)
    out.peak_price = median_of(peak);
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
