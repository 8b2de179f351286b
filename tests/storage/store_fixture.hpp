// Shared by the storage tests: a fresh temporary directory per test and a
// fully analysed sample deal to write into real SQLite files.
#pragma once

#include "storage/deal_row.hpp"
#include "storage/schema.hpp"

#include <SQLiteCpp/Database.h>

#include <atomic>
#include <filesystem>
#include <random>
#include <string>
#include <unistd.h>

namespace storage_test {

// A directory that exists for one test and is removed with everything in it.
class temp_dir {
public:
  temp_dir() {
    static std::atomic<int> counter{0};
    std::random_device random;
    path_ = std::filesystem::temp_directory_path() /
            ("keepa-deals-storage-" + std::to_string(::getpid()) + "-" +
             std::to_string(counter++) + "-" + std::to_string(random()));
    std::filesystem::create_directories(path_);
  }
  ~temp_dir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;

  std::filesystem::path file(const std::string& name) const { return path_ / name; }

private:
  std::filesystem::path path_;
};

inline constexpr storage::unix_seconds hour = 3600;
inline constexpr storage::unix_seconds t0 = 1'767'225'600;  // 2026-01-01T00:00:00Z

// Every field set to a distinct value, so a field lost or swapped shows.
inline storage::deal_row sample_deal(const std::string& asin, storage::unix_seconds seen = t0) {
  storage::deal_row d;
  d.asin = asin;
  d.title = "Calculus: Early Transcendentals";
  d.price_now_cents = 2499;
  d.price_includes_shipping = true;
  d.sales_rank = 154'321;
  d.offers_used = 17;
  d.offers_trend = "down";
  d.drops_30d = 9;
  d.amazon_sells = false;
  d.list_at_cents = 8999;
  d.one_year_avg_cents = 4599;
  d.expected_trough_cents = 2199;
  d.peak_month = 8;
  d.trough_month = 5;
  d.seasonality = "Textbook (Summer)";
  d.sells = "Jul - Sep";
  d.profit_confidence_pct = 62.5;
  d.inferred_sales = 5;
  d.offer_drops = 8;
  d.trend = "up";
  d.fba_fee_cents = 398;
  d.referral_fee_pct = 15.0;
  d.all_in_cost_cents = 4596;
  d.profit_cents = 4403;
  d.margin_pct = 48.93;
  d.min_listing_cents = 5107;
  d.percent_down = 45.66;
  d.last_price_change_utc = seen - 5 * hour;
  d.first_seen_utc = seen;
  d.last_seen_utc = seen;
  d.last_heavy_fetch_utc = seen;
  d.source = storage::source_backfiller;
  return d;
}

// A light refresh of `asin` at `seen` with a new price and recomputed figures.
inline storage::light_update sample_refresh(const std::string& asin, storage::unix_seconds seen,
                                            storage::cents price) {
  storage::light_update u;
  u.asin = asin;
  u.price_now_cents = price;
  u.price_includes_shipping = false;
  u.sales_rank = 98'765;
  u.offers_used = 14;
  u.offers_trend = "up";
  u.drops_30d = 11;
  u.amazon_sells = true;
  u.last_price_change_utc = seen - hour;
  u.seen_utc = seen;
  u.source = storage::source_upserter_light;
  u.all_in_cost_cents = price + 2000;
  u.profit_cents = 8999 - (price + 2000);
  u.margin_pct = 100.0 * static_cast<double>(8999 - (price + 2000)) / 8999;
  u.min_listing_cents = (price + 2000) * 10 / 9;
  u.percent_down = 100.0 * static_cast<double>(4599 - price) / 4599;
  return u;
}

// A file as an older program left it: the first `version` migration steps
// run by hand, in SQLite's default rollback-journal mode, user_version set.
inline void make_old_file(const std::filesystem::path& file, int version) {
  SQLite::Database old(file, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  const auto steps = storage::schema_migrations();
  for (int i = 0; i < version; ++i) old.exec(steps[static_cast<std::size_t>(i)].sql);
  old.exec("PRAGMA user_version = " + std::to_string(version));
}

} // namespace storage_test
