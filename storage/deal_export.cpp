#include "storage/deal_export.hpp"

#include "storage/deal_store.hpp"
#include "storage/schema.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>

#include <system_error>

namespace storage {
namespace {

template <class T>
std::optional<T> opt(const SQLite::Column& c) {
  if (c.isNull())
    return std::nullopt;
  if constexpr (std::is_same_v<T, double>)
    return c.getDouble();
  else
    return static_cast<T>(c.getInt64());
}

} // namespace

std::vector<deal_row> read_deals_for_export(const std::filesystem::path& db, bool profitable) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(db, ec))
    throw store_error(fmt::format("deal store {}: no such file", db.string()));
  try {
    SQLite::Database con(db, SQLite::OPEN_READONLY, 5000);
    const int version = con.execAndGet("PRAGMA user_version").getInt();
    if (version > latest_schema_version())
      throw store_error(fmt::format("deal store {}: schema version {} is newer than this program knows (latest {})",
                                    db.string(), version, latest_schema_version()));
    if (version < 1 || !has_deals(con))
      throw store_error(fmt::format("deal store {}: not a keepa-deals store (no deals table)", db.string()));
    if (profitable && version < 5)
      throw store_error(fmt::format("deal store {}: schema version {} has no deals_profitable view (5 has); "
                                    "`keepa-deals run` migrates the file",
                                    db.string(), version));
    const bool has_source = version >= 4;
    SQLite::Statement s(
        con, fmt::format("SELECT asin, title, price_now_cents, price_includes_shipping, {}, sales_rank, offers_used, "
                         "offers_trend, drops_30d, amazon_sells, list_at_cents, one_year_avg_cents, "
                         "expected_trough_cents, seasonality, sells, profit_confidence_pct, trend, "
                         "all_in_cost_cents, profit_cents, margin_pct, min_listing_cents, percent_down, "
                         "last_price_change_utc, first_seen_utc, last_seen_utc, source FROM {} "
                         "ORDER BY profit_cents IS NULL, profit_cents DESC, asin",
                         has_source ? "price_source" : "''", profitable ? "deals_profitable" : "deals"));
    std::vector<deal_row> out;
    while (s.executeStep()) {
      deal_row d;
      int i = 0;
      d.asin = s.getColumn(i++).getString();
      d.title = s.getColumn(i++).getString();
      d.price_now_cents = opt<cents>(s.getColumn(i++));
      d.price_includes_shipping = s.getColumn(i++).getInt() != 0;
      d.price_source = s.getColumn(i++).getString();
      d.sales_rank = opt<std::int64_t>(s.getColumn(i++));
      d.offers_used = opt<std::int32_t>(s.getColumn(i++));
      d.offers_trend = s.getColumn(i++).getString();
      d.drops_30d = opt<std::int32_t>(s.getColumn(i++));
      d.amazon_sells = s.getColumn(i++).getInt() != 0;
      d.list_at_cents = opt<cents>(s.getColumn(i++));
      d.one_year_avg_cents = opt<cents>(s.getColumn(i++));
      d.expected_trough_cents = opt<cents>(s.getColumn(i++));
      d.seasonality = s.getColumn(i++).getString();
      d.sells = s.getColumn(i++).getString();
      d.profit_confidence_pct = opt<double>(s.getColumn(i++));
      d.trend = s.getColumn(i++).getString();
      d.all_in_cost_cents = opt<cents>(s.getColumn(i++));
      d.profit_cents = opt<cents>(s.getColumn(i++));
      d.margin_pct = opt<double>(s.getColumn(i++));
      d.min_listing_cents = opt<cents>(s.getColumn(i++));
      d.percent_down = opt<double>(s.getColumn(i++));
      d.last_price_change_utc = opt<unix_seconds>(s.getColumn(i++));
      d.first_seen_utc = s.getColumn(i++).getInt64();
      d.last_seen_utc = s.getColumn(i++).getInt64();
      d.source = s.getColumn(i++).getString();
      out.push_back(std::move(d));
    }
    return out;
  } catch (const store_error&) {
    throw;
  } catch (const std::exception& e) {
    throw store_error(fmt::format("deal store {}: cannot read the deals: {}", db.string(), e.what()));
  }
}

} // namespace storage
