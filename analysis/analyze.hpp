// The heavy analysis of one full-history product: every deal field, and a
// reason code when the product is not a deal. No I/O; an optional advisor
// stands in for the LLM checks.
#pragma once

#include "analysis/costs.hpp"
#include "analysis/current_stats.hpp"
#include "analysis/price_now.hpp"
#include "analysis/season_advisor.hpp"
#include "analysis/seasons.hpp"
#include "analysis/settings.hpp"
#include "keepa/product.hpp"
#include "storage/deal_row.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace analysis {

// Why a product is not a deal. Checked in this order, after every field has
// been computed (the original checked 1yr Avg before computing it and so
// rejected every deal).
enum class reject_reason {
  none,               // a deal
  no_price,           // no current USED or NEW price (or no stats at all)
  no_sales,           // no inferred sale in the window
  no_recent_sales,    // no inferred sale in the last 365 days: no 1yr Avg
  no_list_at,         // the advisor judged the peak price unreasonable for the season
};

std::string_view to_string(reject_reason r);

struct analysis_result {
  std::string asin;
  std::string title;
  std::optional<price_now> price;
  current_stats current;
  int inferred_sales = 0;
  int offer_drops = 0;
  season_figures seasons;
  std::optional<cents> list_at_cents;  // peak price, capped, and judged reasonable
  std::optional<cents> one_year_avg_cents;
  std::optional<double> profit_confidence_pct;  // sales / offer drops x 100
  std::string seasonality;
  std::string sells;
  std::string trend;
  fees product_fees{};
  profit_figures profit;
  reject_reason reason = reject_reason::none;
  bool is_deal() const { return reason == reject_reason::none; }
};

// `now` is the instant the product was fetched: windows (1095 days of sales,
// 365 days for 1yr Avg and for offer matching) end there.
analysis_result analyze(const keepa::product& p, const settings& s, keepa::unix_seconds now,
                        season_advisor* advisor = nullptr);

// The row the heavy path inserts. `now` becomes first/last seen and the heavy
// fetch time.
storage::deal_row to_deal_row(const analysis_result& r, keepa::unix_seconds now, std::string_view source);

// The category names joined with " > ", root first, as the advisor sees them.
std::string category_path(const keepa::product& p);

} // namespace analysis
