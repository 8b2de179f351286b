// The ceiling the store's light path is measured against: the same UPDATE of
// the same columns of deal_live (and so the same one b-tree, keyed by ASIN) through
// the bare SQLite C API, one prepared statement, no RETURNING, no checks, no
// notifications. Opened on a file the store created, with the store's pragmas,
// so only the store's own work differs. Bench-only; not part of the program.
#pragma once

#include "storage/deal_row.hpp"
#include "storage/refresh_order.hpp"

#include <sqlite3.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

namespace bench {

class raw_light_updater {
public:
  // `returning`: the same UPDATE with the store's RETURNING of the old price
  // (read per row, as the store reads it for its price-drop check), to show
  // what that clause costs.
  explicit raw_light_updater(const std::filesystem::path& file, bool returning = false) {
    if (sqlite3_open_v2(file.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK)
      die("open");
    // What deal_store::configure sets on its connection (page size and WAL are the file's).
    exec("PRAGMA synchronous = NORMAL");
    exec("PRAGMA cache_size = -65536");
    exec("PRAGMA wal_autocheckpoint = 2048");
    exec("PRAGMA journal_size_limit = 4194304");
    std::string sql =
        "UPDATE deal_live SET previous_price_cents = price_now_cents, price_now_cents = ?2, "
        "price_includes_shipping = ?3, sales_rank = ?4, offers_used = ?5, offers_trend = ?6, "
        "drops_30d = ?7, amazon_sells = ?8, last_price_change_utc = ?9, last_seen_utc = ?10, "
        "last_light_fetch_utc = ?10, source = ?11, price_source = ?12, all_in_cost_cents = ?13, "
        "profit_cents = ?14, margin_pct = ?15, min_listing_cents = ?16, percent_down = ?17, "
        "price_missing_since_utc = NULL WHERE asin = ?1";
    if (returning)
      sql += " RETURNING previous_price_cents";
    if (sqlite3_prepare_v3(db_, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &update_, nullptr) != SQLITE_OK)
      die("prepare");
  }
  ~raw_light_updater() {
    sqlite3_finalize(update_);
    sqlite3_close(db_);
  }
  raw_light_updater(const raw_light_updater&) = delete;
  raw_light_updater& operator=(const raw_light_updater&) = delete;

  // One transaction, in the order given; returns the rows changed.
  std::size_t apply(std::span<const storage::light_update> updates) {
    exec("BEGIN IMMEDIATE");
    std::size_t changed = 0;
    for (const auto& u : updates) changed += update(u);
    exec("COMMIT");
    return changed;
  }

  // One transaction of a batch's refreshes in any order, sorted by ASIN here,
  // inside the time, with the sort the store uses: the ceiling for the input
  // the store gets.
  std::size_t apply_sorted(const storage::write_batch& batch) {
    const std::vector<storage::refresh_ref> order = storage::refresh_order(std::span(&batch, 1));
    exec("BEGIN IMMEDIATE");
    std::size_t changed = 0;
    for (std::size_t k = 0; k < order.size(); ++k) {
      if (k + 2 < order.size()) storage::prefetch(order[k + 2].update);
      changed += update(*order[k].update);
    }
    exec("COMMIT");
    return changed;
  }

private:
  std::size_t update(const storage::light_update& u) {
    sqlite3_bind_text(update_, 1, u.asin.data(), static_cast<int>(u.asin.size()), SQLITE_STATIC);
    bind(2, u.price_now_cents);
    sqlite3_bind_int(update_, 3, u.price_includes_shipping);
    bind(4, u.sales_rank);
    bind(5, u.offers_used);
    sqlite3_bind_text(update_, 6, u.offers_trend.data(), static_cast<int>(u.offers_trend.size()), SQLITE_STATIC);
    bind(7, u.drops_30d);
    sqlite3_bind_int(update_, 8, u.amazon_sells);
    bind(9, u.last_price_change_utc);
    sqlite3_bind_int64(update_, 10, u.seen_utc);
    sqlite3_bind_text(update_, 11, u.source.data(), static_cast<int>(u.source.size()), SQLITE_STATIC);
    sqlite3_bind_text(update_, 12, u.price_source.data(), static_cast<int>(u.price_source.size()), SQLITE_STATIC);
    bind(13, u.all_in_cost_cents);
    bind(14, u.profit_cents);
    bind(15, u.margin_pct);
    bind(16, u.min_listing_cents);
    bind(17, u.percent_down);
    int rc = sqlite3_step(update_);
    while (rc == SQLITE_ROW) {
      old_prices_ += sqlite3_column_int64(update_, 0);
      rc = sqlite3_step(update_);
    }
    if (rc != SQLITE_DONE)
      die("step");
    sqlite3_reset(update_);
    return static_cast<std::size_t>(sqlite3_changes(db_));
  }

  template <class T>
  void bind(int index, const std::optional<T>& v) {
    if (!v)
      sqlite3_bind_null(update_, index);
    else if constexpr (std::is_floating_point_v<T>)
      sqlite3_bind_double(update_, index, *v);
    else
      sqlite3_bind_int64(update_, index, *v);
  }
  void exec(const char* sql) {
    if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK)
      die(sql);
  }
  [[noreturn]] void die(const char* what) {
    std::fprintf(stderr, "raw SQLite probe: %s failed: %s\n", what, sqlite3_errmsg(db_));
    std::exit(1);
  }

  std::int64_t old_prices_ = 0;  // read, so the column is really fetched
  sqlite3* db_ = nullptr;
  sqlite3_stmt* update_ = nullptr;
};

} // namespace bench
