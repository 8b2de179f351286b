// `keepa-deals analyze FILE...`: runs the heavy analysis over saved /product
// responses and prints one JSON object per product, fields named as the
// `deals` columns, plus reject_reason when the product is not a deal.
#include "analysis/analyze.hpp"
#include "analysis/settings.hpp"
#include "app/command.hpp"
#include "app/input_file.hpp"
#include "keepa/parse_padded.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace {

// One flat JSON object, built field by field; absent optionals print null.
class json_line {
public:
  json_line& field(std::string_view name, std::string_view text) {
    key(name);
    quote(text);
    return *this;
  }
  json_line& field(std::string_view name, const char* text) { return field(name, std::string_view{text}); }
  json_line& field(std::string_view name, bool b) {
    key(name);
    out_ += b ? "true" : "false";
    return *this;
  }
  template <class Number>
  json_line& field(std::string_view name, const std::optional<Number>& v) {
    key(name);
    out_ += v ? fmt::format("{}", *v) : "null";
    return *this;
  }
  template <class Number>
    requires std::is_arithmetic_v<Number>
  json_line& field(std::string_view name, Number v) {
    key(name);
    out_ += fmt::format("{}", v);
    return *this;
  }
  std::string done() { return out_ + "}"; }

private:
  void key(std::string_view name) {
    out_ += out_.size() == 1 ? "" : ",";
    quote(name);
    out_ += ':';
  }
  void quote(std::string_view s) {
    out_ += '"';
    for (char ch : s) {
      const auto u = static_cast<unsigned char>(ch);
      if (ch == '"' || ch == '\\')
        (out_ += '\\') += ch;
      else if (u < 0x20)
        out_ += fmt::format("\\u{:04x}", u);
      else
        out_ += ch;
    }
    out_ += '"';
  }
  std::string out_ = "{";
};

std::string analysis_line(const analysis::analysis_result& r, keepa::unix_seconds now) {
  const storage::deal_row row = analysis::to_deal_row(r, now, "analyze");
  json_line j;
  j.field("asin", row.asin)
      .field("title", row.title)
      .field("price_now_cents", row.price_now_cents)
      .field("price_includes_shipping", row.price_includes_shipping)
      .field("sales_rank", row.sales_rank)
      .field("offers_used", row.offers_used)
      .field("offers_trend", row.offers_trend)
      .field("drops_30d", row.drops_30d)
      .field("amazon_sells", row.amazon_sells)
      .field("list_at_cents", row.list_at_cents)
      .field("one_year_avg_cents", row.one_year_avg_cents)
      .field("expected_trough_cents", row.expected_trough_cents)
      .field("peak_month", row.peak_month)
      .field("trough_month", row.trough_month)
      .field("seasonality", row.seasonality)
      .field("sells", row.sells)
      .field("profit_confidence_pct", row.profit_confidence_pct)
      .field("inferred_sales", row.inferred_sales)
      .field("offer_drops", row.offer_drops)
      .field("trend", row.trend)
      .field("fba_fee_cents", row.fba_fee_cents)
      .field("referral_fee_pct", row.referral_fee_pct)
      .field("all_in_cost_cents", row.all_in_cost_cents)
      .field("profit_cents", row.profit_cents)
      .field("margin_pct", row.margin_pct)
      .field("min_listing_cents", row.min_listing_cents)
      .field("percent_down", row.percent_down)
      .field("last_price_change_utc", row.last_price_change_utc)
      .field("analysed_at_utc", now);
  if (!r.is_deal())
    j.field("reject_reason", analysis::to_string(r.reason));
  return j.done();
}

struct analyze_options {
  std::vector<std::string> files;
  std::string config;
  std::optional<std::int64_t> now;
};

// Returns 0, or 1 when any file could not be read or parsed (the others are
// still analysed), or 2 for a bad config or a directory given as a file.
int run_analyze(const analyze_options& o) {
  analysis::settings s;
  if (!o.config.empty()) {
    try {
      s = analysis::load_settings(o.config);
    } catch (const analysis::settings_error& e) {
      std::fprintf(stderr, "analyze: %s\n", e.what());
      return 2;
    }
  }
  if (app::refuse_directories("analyze", o.files))
    return 2;
  int rc = 0;
  for (const auto& file : o.files) {
    app::response_body body;
    try {
      body = app::read_response_file(file);
    } catch (const app::input_error& e) {
      std::fprintf(stderr, "analyze: %s\n", e.what());
      rc = 1;
      continue;
    }
    try {
      const auto response = keepa::parse_padded_product_response(body.text(), "file " + file);
      if (response.error) {
        std::fprintf(stderr, "analyze: file %s holds a Keepa error: %s: %s\n", file.c_str(),
                     response.error->type.c_str(), response.error->message.c_str());
        rc = 1;
        continue;
      }
      // Windows end when the response was made, so a capture analyses the
      // same way on any day; --now overrides, the clock is the last resort.
      keepa::unix_seconds now = response.env.timestamp_ms / 1000;
      if (o.now)
        now = *o.now;
      else if (now <= 0)
        now = std::chrono::duration_cast<std::chrono::seconds>(
                  std::chrono::system_clock::now().time_since_epoch())
                  .count();
      for (const auto& p : response.products)
        std::printf("%s\n", analysis_line(analysis::analyze(p, s, now), now).c_str());
    } catch (const keepa::parse_error& e) {
      std::fprintf(stderr, "analyze: %s\n", e.what());
      rc = 1;
    }
  }
  return rc;
}

const app::command_registration analyze_registration{"analyze", [](CLI::App& root) {
  auto* cmd = root.add_subcommand(
      "analyze", "Run the heavy deal analysis over saved Keepa /product responses; one JSON line per product");
  auto o = std::make_shared<analyze_options>();
  cmd->add_option("FILE", o->files, "Keepa /product response bodies (JSON, or gzip as Keepa sends it)")->required();
  cmd->add_option("--config", o->config, "TOML config; its [analysis] section overrides the defaults")
      ->check(CLI::ExistingFile);
  cmd->add_option("--now", o->now, "Unix seconds the analysis windows end at (default: the response's timestamp)");
  cmd->callback([o] {
    if (int rc = run_analyze(*o))
      throw CLI::RuntimeError(rc);
  });
}};

} // namespace
