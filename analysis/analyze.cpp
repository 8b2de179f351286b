// Runs every field of the heavy analysis, then decides deal or reason.
#include "analysis/analyze.hpp"

#include "analysis/inferred_sales.hpp"
#include "analysis/seasonality_rules.hpp"
#include "analysis/trend.hpp"

namespace analysis {

std::string_view to_string(reject_reason r) {
  switch (r) {
  case reject_reason::none: return "none";
  case reject_reason::no_price: return "no_price";
  case reject_reason::no_sales: return "no_sales";
  case reject_reason::no_recent_sales: return "no_recent_sales";
  case reject_reason::no_list_at: return "no_list_at";
  }
  return "unknown";
}

std::string category_path(const keepa::product& p) {
  std::string out;
  for (const auto& name : p.category_names) {
    if (!out.empty())
      out += " > ";
    out += name;
  }
  return out;
}

analysis_result analyze(const keepa::product& p, const settings& s, keepa::unix_seconds now,
                        season_advisor* advisor) {
  const keepa::keepa_minute now_min = keepa::to_keepa_minute(now);
  analysis_result r;
  r.asin = p.asin;
  r.title = p.title;
  r.price = compute_price_now(p, s, now_min);
  r.current = read_current_stats(p);
  r.product_fees = fees_of(p, s);
  r.trend = price_trend(p);

  const auto found = infer_sales(p, s, now_min);
  r.inferred_sales = static_cast<int>(found.sales.size());
  r.offer_drops = found.offer_drops;
  if (found.offer_drops > 0)
    r.profit_confidence_pct = 100.0 * found.sales.size() / found.offer_drops;
  r.seasons = seasons_of(found.sales);
  r.one_year_avg_cents = one_year_average(found.sales, now_min);

  // The advisor (an LLM, capped per day) is consulted only for a product that
  // is a deal on every other count: a rejected one is not worth a call.
  const bool worth_advice = r.price && r.one_year_avg_cents && r.seasons.peak_price;
  season_advisor* const ask = worth_advice ? advisor : nullptr;
  const std::string category = category_path(p);
  const book_facts book{p.title, category, p.manufacturer};
  const season_label label = detailed_seasonality(book, ask);
  r.seasonality = to_string(label);
  r.sells = sells_months(label);

  if (r.seasons.peak_price && *r.seasons.peak_price > 0) {
    cents list_at = *r.seasons.peak_price;
    if (auto cap = list_at_cap(p); cap && *cap < list_at)
      list_at = *cap;
    if (!ask || ask->list_at_reasonable(book, r.seasonality, *r.seasons.peak_month, list_at))
      r.list_at_cents = list_at;
  }

  r.profit = compute_profit(r.price ? std::optional<cents>{r.price->price_cents} : std::nullopt,
                            r.list_at_cents, r.one_year_avg_cents, r.product_fees, s);

  if (!r.price)
    r.reason = reject_reason::no_price;
  else if (found.sales.empty())
    r.reason = reject_reason::no_sales;
  else if (!r.one_year_avg_cents)
    r.reason = reject_reason::no_recent_sales;
  else if (!r.list_at_cents)
    r.reason = reject_reason::no_list_at;
  return r;
}

storage::deal_row to_deal_row(const analysis_result& r, keepa::unix_seconds now, std::string_view source) {
  storage::deal_row row;
  row.asin = r.asin;
  row.title = r.title;
  if (r.price) {
    row.price_now_cents = r.price->price_cents;
    row.price_includes_shipping = r.price->includes_offer_shipping;
    row.price_source = r.price->includes_offer_shipping ? storage::price_from_offer : storage::price_from_stats;
  }
  row.sales_rank = r.current.sales_rank;
  row.offers_used = r.current.offers_used;
  row.offers_trend = r.current.offers_trend;
  row.drops_30d = r.current.drops_30d;
  row.amazon_sells = r.current.amazon_sells;
  row.list_at_cents = r.list_at_cents;
  row.one_year_avg_cents = r.one_year_avg_cents;
  row.expected_trough_cents = r.seasons.expected_trough_cents;
  row.peak_month = r.seasons.peak_month;
  row.trough_month = r.seasons.trough_month;
  row.seasonality = r.seasonality;
  row.sells = r.sells;
  row.profit_confidence_pct = r.profit_confidence_pct;
  row.inferred_sales = r.inferred_sales;
  row.offer_drops = r.offer_drops;
  row.trend = r.trend;
  row.fba_fee_cents = r.product_fees.fba_fee_cents;
  row.referral_fee_pct = r.product_fees.referral_pct;
  row.all_in_cost_cents = r.profit.all_in_cost_cents;
  row.profit_cents = r.profit.profit_cents;
  row.margin_pct = r.profit.margin_pct;
  row.min_listing_cents = r.profit.min_listing_cents;
  row.percent_down = r.profit.percent_down;
  row.last_price_change_utc = r.current.last_price_change_utc;
  row.first_seen_utc = now;
  row.last_seen_utc = now;
  row.last_heavy_fetch_utc = now;
  row.source = std::string(source);
  return row;
}

} // namespace analysis
