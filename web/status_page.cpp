#include "web/status_page.hpp"

#include "web/html.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <ctime>

namespace web {
namespace {

std::string iso_utc(storage::unix_seconds t) {
  return fmt::format("{:%Y-%m-%d %H:%M:%S} UTC", fmt::gmtime(static_cast<std::time_t>(t)));
}

std::string day_label(storage::unix_seconds t) {
  return fmt::format("{:%m-%d}", fmt::gmtime(static_cast<std::time_t>(t)));
}

constexpr const char* style = R"css(
body{font-family:system-ui,sans-serif;margin:1.5em;color:#222}
h1{font-size:1.4em} h2{font-size:1.1em;margin-top:1.6em}
table{border-collapse:collapse} th,td{padding:.25em .6em;border-bottom:1px solid #ddd;text-align:left}
td.num{text-align:right;font-variant-numeric:tabular-nums} .loss{color:#a00}
meter{width:20em;height:1.2em}
)css";

void deals_table(std::string& out, const std::vector<storage::top_deal>& top) {
  out += "<h2>Top deals by profit</h2>\n";
  if (top.empty()) {
    out += "<p id=\"no-deals\">No deals stored yet.</p>\n";
    return;
  }
  out += "<table id=\"top-deals\">\n<thead><tr><th>Title</th><th>ASIN</th><th>Price Now</th><th>List at</th>"
         "<th>Profit</th><th>Margin</th><th>Seasonality</th></tr></thead>\n<tbody>\n";
  for (const auto& d : top) {
    const std::string asin = html_escape(d.asin);
    const bool loss = d.profit_cents && *d.profit_cents < 0;
    out += fmt::format(
        "<tr class=\"deal\" data-asin=\"{0}\"><td class=\"title\">{1}</td>"
        "<td class=\"asin\"><a href=\"https://www.amazon.com/dp/{0}\">{0}</a> "
        "(<a href=\"https://keepa.com/#!product/1-{0}\">Keepa</a>)</td>"
        "<td class=\"num price-now\">{2}</td><td class=\"num list-at\">{3}</td>"
        "<td class=\"num profit{4}\">{5}</td><td class=\"num margin\">{6}</td><td class=\"seasonality\">{7}</td></tr>\n",
        asin, html_escape(d.title), html_escape(dollars(d.price_now_cents)), html_escape(dollars(d.list_at_cents)),
        loss ? " loss" : "", html_escape(dollars(d.profit_cents)),
        d.margin_pct ? fmt::format("{:.1f} %", *d.margin_pct) : std::string{}, html_escape(d.seasonality));
  }
  out += "</tbody>\n</table>\n";
}

void token_gauge(std::string& out, const page_model& m) {
  out += "<h2>Tokens</h2>\n";
  if (!m.live.bucket_known) {
    out += "<p id=\"tokens\">The balance is not known yet (the node has not heard from Keepa).</p>\n";
    return;
  }
  const std::int64_t rate = m.recorded.refill_rate.value_or(0);
  const std::int64_t capacity = 60 * rate;
  out += fmt::format("<p id=\"tokens\"><meter min=\"0\" max=\"{0}\" value=\"{1}\"></meter> "
                     "<span class=\"tokens-left\">{1}</span> tokens left",
                     std::max<std::int64_t>(capacity, 1), std::max<std::int64_t>(m.live.tokens_left, 0));
  if (rate > 0)
    out += fmt::format(" of {} ({} a minute)", capacity, rate);
  out += fmt::format("; {} reserved, {} calls waiting; spent since start: {} pages, {} heavy, {} offers, {} light</p>\n",
                     m.live.tokens_reserved, m.live.grants_waiting, m.live.tokens_spent.deal_pages,
                     m.live.tokens_spent.heavy, m.live.tokens_spent.offers, m.live.tokens_spent.light);
}

void jobs_table(std::string& out, const page_model& m) {
  out += "<h2>Jobs</h2>\n<table id=\"jobs\">\n<thead><tr><th>Job</th><th>Last run</th><th>Outcome</th>"
         "<th>Next run</th></tr></thead>\n<tbody>\n";
  for (const auto& j : m.recorded.jobs) {
    std::string last = "never", outcome;
    if (j.last_run) {
      last = iso_utc(j.last_run->started_utc) + " to " + iso_utc(j.last_run->ended_utc);
      outcome = j.last_run->outcome;
      if (!j.last_run->detail.empty())
        outcome += ": " + j.last_run->detail;
    }
    const std::string next = j.next_run_utc ? iso_utc(*j.next_run_utc) : "not scheduled";
    out += fmt::format("<tr class=\"job\" data-job=\"{0}\"><td>{0}</td><td>{1}</td><td>{2}</td><td>{3}</td></tr>\n",
                       html_escape(j.job), html_escape(last), html_escape(outcome), html_escape(next));
  }
  out += "</tbody>\n</table>\n";
}

// A line over the last days, scaled to the largest count; each point has a
// tooltip with its day and count.
void live_chart(std::string& out, const std::vector<storage::day_count>& days) {
  out += "<h2>Live deals, last days</h2>\n";
  if (days.empty())
    return;
  constexpr int width = 640, height = 200, left = 50, right = 30, top = 10, bottom = 30;
  const std::int64_t peak = std::max<std::int64_t>(
      1, std::max_element(days.begin(), days.end(), [](auto& a, auto& b) { return a.deals < b.deals; })->deals);
  const double step = days.size() > 1 ? double(width - left - right) / double(days.size() - 1) : 0;
  auto x = [&](std::size_t i) { return left + step * double(i); };
  auto y = [&](std::int64_t v) { return top + (height - top - bottom) * (1.0 - double(v) / double(peak)); };
  out += fmt::format("<svg id=\"live-chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" "
                     "viewBox=\"0 0 {0} {1}\" role=\"img\" aria-label=\"live deals per day\">\n",
                     width, height);
  out += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"#888\"/>"
                     "<line x1=\"{0}\" y1=\"{2}\" x2=\"{3}\" y2=\"{2}\" stroke=\"#888\"/>\n",
                     left, top, height - bottom, width - right);
  out += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"end\">{}</text>"
                     "<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"end\">0</text>\n",
                     left - 4, top + 10, peak, left - 4, height - bottom);
  std::string points;
  for (std::size_t i = 0; i < days.size(); ++i)
    points += fmt::format("{:.1f},{:.1f} ", x(i), y(days[i].deals));
  out += fmt::format("<polyline fill=\"none\" stroke=\"#2a6\" stroke-width=\"2\" points=\"{}\"/>\n", points);
  for (std::size_t i = 0; i < days.size(); ++i) {
    out += fmt::format("<circle class=\"day\" cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3\" fill=\"#2a6\" data-deals=\"{}\">"
                       "<title>{}: {} deals</title></circle>\n",
                       x(i), y(days[i].deals), days[i].deals, html_escape(iso_utc(days[i].day_end_utc)),
                       days[i].deals);
    if (i == 0 || i + 1 == days.size() || days.size() <= 8 || i % 2 == 0)
      out += fmt::format("<text x=\"{:.1f}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\">{}</text>\n", x(i),
                         height - bottom + 16, day_label(days[i].day_end_utc));
  }
  out += "</svg>\n<p class=\"note\">Deals stored at each day's end that are still stored now (deleted deals are "
         "not counted).</p>\n";
}

} // namespace

std::string dollars(std::optional<storage::cents> c) {
  if (!c)
    return {};
  const storage::cents v = *c;
  const storage::cents a = v < 0 ? -v : v;
  return fmt::format("{}${}.{:02}", v < 0 ? "-" : "", a / 100, a % 100);
}

std::string render_status_page(const page_model& m) {
  std::string out;
  out += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>keepa-deals status</title>"
         "<style>";
  out += style;
  out += "</style></head>\n<body>\n<h1>keepa-deals</h1>\n";
  out += fmt::format("<p id=\"as-of\">As of {} (the node's clock); {} deals stored.</p>\n", html_escape(iso_utc(m.now)),
                     m.recorded.deals_total);
  deals_table(out, m.store.top);
  token_gauge(out, m);
  jobs_table(out, m);
  live_chart(out, m.store.live_by_day);
  out += "</body></html>\n";
  return out;
}

} // namespace web
