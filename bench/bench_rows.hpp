// Rows for the storage benchmarks: 100,000 analysed deals and their light
// refreshes, the same for every bench and every run (seeded).
#pragma once

#include "storage/deal_row.hpp"
#include "storage/deal_store.hpp"

#include <algorithm>
#include <filesystem>

#include <cstdio>
#include <random>
#include <string>

namespace bench {

constexpr storage::unix_seconds start_utc = 1'767'225'600;

inline std::string asin_of(std::size_t i) {
  char buffer[24];  // "B", as many as 20 digits, the terminator
  std::snprintf(buffer, sizeof buffer, "B%09zu", i);
  return buffer;
}

inline storage::deal_row analysed_deal(std::size_t i, std::mt19937_64& random) {
  storage::deal_row d;
  d.asin = asin_of(i);
  d.title = "Synthetic textbook " + d.asin;
  d.price_now_cents = 3000;
  d.sales_rank = static_cast<std::int64_t>(random() % 2'000'000);
  d.offers_used = static_cast<std::int32_t>(random() % 40);
  d.offers_trend = "flat";
  d.drops_30d = static_cast<std::int32_t>(random() % 30);
  d.list_at_cents = *d.price_now_cents * 3;
  d.one_year_avg_cents = *d.price_now_cents * 2;
  d.expected_trough_cents = *d.price_now_cents;
  d.peak_month = 8;
  d.trough_month = 5;
  d.seasonality = "Textbook (Summer)";
  d.sells = "Jul - Sep";
  d.profit_confidence_pct = 50;
  d.fba_fee_cents = 398;
  d.referral_fee_pct = 15;
  d.all_in_cost_cents = *d.price_now_cents + 1500;
  d.profit_cents = *d.list_at_cents - *d.all_in_cost_cents;
  d.margin_pct = 40;
  d.first_seen_utc = d.last_seen_utc = start_utc;
  d.last_heavy_fetch_utc = start_utc;
  d.source = storage::source_backfiller;
  return d;
}

// A refresh whose price moves a few percent either way, as most refreshes do;
// one in twenty drops far enough to queue a 'price_drop' notification.
inline storage::light_update refresh_of(const std::string& asin, storage::unix_seconds seen,
                                 std::mt19937_64& random) {
  storage::light_update u;
  u.asin = asin;
  const storage::cents base = 3000;
  u.price_now_cents = random() % 20 == 0 ? base * 8 / 10 : base - 100 + static_cast<storage::cents>(random() % 200);
  u.sales_rank = static_cast<std::int64_t>(random() % 2'000'000);
  u.offers_used = static_cast<std::int32_t>(random() % 40);
  u.offers_trend = "down";
  u.drops_30d = static_cast<std::int32_t>(random() % 30);
  u.last_price_change_utc = seen - 600;
  u.seen_utc = seen;
  u.source = storage::source_upserter_light;
  u.all_in_cost_cents = *u.price_now_cents + 1500;
  u.profit_cents = 9000 - *u.all_in_cost_cents;
  u.margin_pct = 33.3;
  u.min_listing_cents = *u.all_in_cost_cents * 10 / 9;
  u.percent_down = 12.5;
  u.title = "Synthetic textbook " + asin;  // a light product or feed entry carries it
  return u;
}

// Fills `file` (created by the store, so with its schema and pragmas) with
// `rows` analysed deals; the same seed gives the same rows in every file.
inline void fill_store(const std::filesystem::path& file, std::size_t rows) {
  storage::deal_store store(file);
  std::mt19937_64 random(20261129);
  for (std::size_t first = 0; first < rows; first += 10'000) {
    storage::write_batch batch;
    for (std::size_t i = first; i < std::min(rows, first + 10'000); ++i)
      batch.inserts.push_back(analysed_deal(i, random));
    store.write(batch);
  }
}

} // namespace bench
