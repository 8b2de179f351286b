#include "app/export_format.hpp"

#include "synth/json_writer.hpp"

#include <fmt/format.h>

#include <ctime>
#include <functional>

namespace app {
namespace {

std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"')
      out += '"';
    out += c;
  }
  return out + "\"";
}

std::string number(std::optional<double> v, int decimals) {
  return v ? fmt::format("{:.{}f}", *v, decimals) : std::string{};
}

template <class T>
std::string integer(std::optional<T> v) {
  return v ? std::to_string(*v) : std::string{};
}

// One column: its CSV header, its JSON key, its value as text, and whether
// the value is text (quoted in CSV, a string in JSON) rather than a number.
struct column {
  const char* header;
  const char* key;
  bool text;
  std::function<std::string(const storage::deal_row&)> value;
};

const std::vector<column>& columns() {
  using row = storage::deal_row;
  static const std::vector<column> all{
      {"ASIN", "asin", true, [](const row& d) { return d.asin; }},
      {"Title", "title", true, [](const row& d) { return d.title; }},
      {"Price Now", "price_now", false, [](const row& d) { return dollars(d.price_now_cents); }},
      {"Price Source", "price_source", true, [](const row& d) { return d.price_source; }},
      {"List at", "list_at", false, [](const row& d) { return dollars(d.list_at_cents); }},
      {"1yr Avg", "one_year_avg", false, [](const row& d) { return dollars(d.one_year_avg_cents); }},
      {"Expected Trough Price", "expected_trough", false, [](const row& d) { return dollars(d.expected_trough_cents); }},
      {"Profit", "profit", false, [](const row& d) { return dollars(d.profit_cents); }},
      {"Margin %", "margin_pct", false, [](const row& d) { return number(d.margin_pct, 2); }},
      {"All-in Cost", "all_in_cost", false, [](const row& d) { return dollars(d.all_in_cost_cents); }},
      {"Min. Listing Price", "min_listing", false, [](const row& d) { return dollars(d.min_listing_cents); }},
      {"% Down", "percent_down", false, [](const row& d) { return number(d.percent_down, 1); }},
      {"Sales Rank", "sales_rank", false, [](const row& d) { return integer(d.sales_rank); }},
      {"Offers", "offers", false, [](const row& d) { return integer(d.offers_used); }},
      {"Offers Trend", "offers_trend", true, [](const row& d) { return d.offers_trend; }},
      {"Drops 30d", "drops_30d", false, [](const row& d) { return integer(d.drops_30d); }},
      {"AMZ", "amazon_sells", true, [](const row& d) { return std::string(d.amazon_sells ? "Y" : ""); }},
      {"Seasonality", "seasonality", true, [](const row& d) { return d.seasonality; }},
      {"Sells", "sells", true, [](const row& d) { return d.sells; }},
      {"Trend", "trend", true, [](const row& d) { return d.trend; }},
      {"Profit Confidence %", "profit_confidence_pct", false,
       [](const row& d) { return number(d.profit_confidence_pct, 1); }},
      {"Last Price Change", "last_price_change_utc", true,
       [](const row& d) { return d.last_price_change_utc ? iso_utc(*d.last_price_change_utc) : std::string{}; }},
      {"First Seen", "first_seen_utc", true, [](const row& d) { return iso_utc(d.first_seen_utc); }},
      {"Last Seen", "last_seen_utc", true, [](const row& d) { return iso_utc(d.last_seen_utc); }},
  };
  return all;
}

} // namespace

std::string dollars(std::optional<storage::cents> cents) {
  if (!cents)
    return {};
  const storage::cents v = *cents;
  const storage::cents whole = (v < 0 ? -v : v);
  return fmt::format("{}{}.{:02}", v < 0 ? "-" : "", whole / 100, whole % 100);
}

std::string iso_utc(storage::unix_seconds t) {
  const std::time_t secs = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string deals_csv(const std::vector<storage::deal_row>& deals) {
  std::string out;
  for (std::size_t i = 0; i < columns().size(); ++i)
    out += (i ? "," : "") + quoted(columns()[i].header);
  out += "\r\n";
  for (const auto& d : deals) {
    for (std::size_t i = 0; i < columns().size(); ++i) {
      const auto& c = columns()[i];
      const std::string v = c.value(d);
      out += (i ? "," : "") + (c.text ? quoted(v) : v);
    }
    out += "\r\n";
  }
  return out;
}

std::string deals_json(const std::vector<storage::deal_row>& deals) {
  std::string out;
  synth::json_writer w(out);
  w.raw('[');
  for (std::size_t r = 0; r < deals.size(); ++r) {
    w.raw(r ? ",\n{" : "\n{");
    for (std::size_t i = 0; i < columns().size(); ++i) {
      const auto& c = columns()[i];
      if (i)
        w.raw(',');
      w.string(c.key);
      w.raw(':');
      const std::string v = c.value(deals[r]);
      if (c.text)
        w.string(v);
      else if (v.empty())
        w.null();
      else
        w.raw(v);  // already a JSON number: digits, a point, a sign
    }
    w.raw('}');
  }
  w.raw(deals.empty() ? "]\n" : "\n]\n");
  return out;
}

} // namespace app
