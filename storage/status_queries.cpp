#include "storage/status_queries.hpp"

#include "storage/schema.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <fmt/format.h>

namespace storage {
namespace {

constexpr unix_seconds hour = 3600;
constexpr unix_seconds day = 24 * hour;

template <class T>
std::optional<T> optional_column(const SQLite::Column& c) {
  if (c.isNull())
    return std::nullopt;
  if constexpr (std::is_same_v<T, double>)
    return c.getDouble();
  else
    return c.getInt64();
}

void count_by_age(SQLite::Database& db, unix_seconds now, status_snapshot& out) {
  SQLite::Statement s(db, fmt::format("SELECT count(*) FILTER (WHERE last_seen_utc > ?1), "
                                      "count(*) FILTER (WHERE last_seen_utc <= ?1 AND last_seen_utc > ?2), "
                                      "count(*) FILTER (WHERE last_seen_utc <= ?2 AND last_seen_utc > ?3), "
                                      "count(*) FILTER (WHERE last_seen_utc <= ?3) FROM {}",
                                      deal_tables_of(db).live));
  s.bind(1, now - hour);
  s.bind(2, now - 24 * hour);
  s.bind(3, now - 72 * hour);
  s.executeStep();
  for (int i = 0; i < 4; ++i)
    out.by_age[static_cast<std::size_t>(i)].deals = s.getColumn(i).getInt64();
}

void read_top(SQLite::Database& db, std::size_t limit, status_snapshot& out) {
  SQLite::Statement s(db,
                      "SELECT asin, title, price_now_cents, list_at_cents, profit_cents, margin_pct, seasonality "
                      "FROM deals ORDER BY profit_cents IS NULL, profit_cents DESC, asin LIMIT ?1");
  s.bind(1, static_cast<std::int64_t>(limit));
  while (s.executeStep()) {
    top_deal d;
    d.asin = s.getColumn(0).getString();
    d.title = s.getColumn(1).getString();
    d.price_now_cents = optional_column<cents>(s.getColumn(2));
    d.list_at_cents = optional_column<cents>(s.getColumn(3));
    d.profit_cents = optional_column<cents>(s.getColumn(4));
    d.margin_pct = optional_column<double>(s.getColumn(5));
    d.seasonality = s.getColumn(6).getString();
    out.top.push_back(std::move(d));
  }
}

void count_outbox(SQLite::Database& db, status_snapshot& out) {
  SQLite::Statement s(db,
                      "SELECT count(*) FILTER (WHERE delivered_utc IS NULL AND failed_utc IS NULL), "
                      "count(*) FILTER (WHERE delivered_utc IS NOT NULL), "
                      "count(*) FILTER (WHERE failed_utc IS NOT NULL AND delivered_utc IS NULL) FROM notifications");
  s.executeStep();
  out.notifications.pending = s.getColumn(0).getInt64();
  out.notifications.sent = s.getColumn(1).getInt64();
  out.notifications.failed = s.getColumn(2).getInt64();
}

// One pass: deals by the day they were first seen, summed up to each day's end.
void count_by_day(SQLite::Database& db, unix_seconds now, int days, status_snapshot& out) {
  if (days < 1)
    return;
  const unix_seconds first_end = now - static_cast<unix_seconds>(days - 1) * day;
  std::vector<std::int64_t> added(static_cast<std::size_t>(days), 0);
  SQLite::Statement s(db, fmt::format("SELECT CASE WHEN first_seen_utc <= ?1 THEN 0 "
                                      "ELSE (first_seen_utc - ?1 + ?2 - 1) / ?2 END AS d, "
                                      "count(*) FROM {} WHERE first_seen_utc <= ?3 GROUP BY d",
                                      deal_tables_of(db).analysis));
  s.bind(1, first_end);
  s.bind(2, day);
  s.bind(3, now);
  while (s.executeStep()) {
    const auto slot = s.getColumn(0).getInt64();
    if (slot >= 0 && slot < days)
      added[static_cast<std::size_t>(slot)] += s.getColumn(1).getInt64();
  }
  std::int64_t running = 0;
  for (int i = 0; i < days; ++i) {
    running += added[static_cast<std::size_t>(i)];
    out.live_by_day.push_back({first_end + static_cast<unix_seconds>(i) * day, running});
  }
}

} // namespace

status_snapshot read_status_snapshot(const std::filesystem::path& db, const snapshot_request& request) {
  try {
    SQLite::Database conn(db, SQLite::OPEN_READONLY, 5000);
    SQLite::Transaction snapshot(conn);  // BEGIN DEFERRED: one consistent read, no write lock
    status_snapshot out;
    count_by_age(conn, request.now, out);
    read_top(conn, request.top_deals, out);
    if (conn.tableExists("notifications"))
      count_outbox(conn, out);
    count_by_day(conn, request.now, request.days, out);
    snapshot.commit();
    return out;
  } catch (const std::exception& e) {
    throw store_error(fmt::format("deal store {}: cannot read the status: {}", db.string(), e.what()));
  }
}

} // namespace storage
