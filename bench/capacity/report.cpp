#include "bench/capacity/report.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <numeric>

namespace capacity {
namespace {

double ratio(double a, double b) { return b > 0 ? a / b : 0; }

double mean_live(const run_result& r) {
  if (r.hours.empty())
    return 0;
  double sum = 0;
  for (const auto& h : r.hours)
    sum += static_cast<double>(h.live);
  return sum / static_cast<double>(r.hours.size());
}

// Over the last `hours` samples (all of them by default).
double mean_unprocessed(const run_result& r, std::size_t hours = SIZE_MAX) {
  const std::size_t first = r.hours.size() > hours ? r.hours.size() - hours : 0;
  double sum = 0;
  for (std::size_t i = first; i < r.hours.size(); ++i)
    sum += static_cast<double>(r.hours[i].unprocessed);
  return r.hours.size() > first ? sum / static_cast<double>(r.hours.size() - first) : 0;
}

double days_of(const run_result& r) { return r.hours.size() > 1 ? (r.hours.size() - 1) / 24.0 : 0; }

} // namespace

double tokens_per_new_deal(const run_result& r) {
  return ratio(static_cast<double>(r.node_tokens.heavy + r.node_tokens.offers),
               static_cast<double>(r.ingested.heavy_written + r.ingested.rejected));
}

double tokens_per_refresh(const run_result& r) {
  return ratio(static_cast<double>(r.node_tokens.light),
               static_cast<double>(r.ingested.light_refreshes + r.ingested.feed_refreshes));
}

double tokens_per_live_deal_day(const run_result& r) {
  return ratio(static_cast<double>(r.node_tokens.total()), mean_live(r) * days_of(r));
}

std::string bound_by(const run_result& r) {
  // Viable entries still waiting for a fetch over the last day, on average:
  // the node had no tokens for them. A node that keeps up leaves only the
  // last hour's arrivals.
  const double listed = r.hours.empty() ? 0 : static_cast<double>(r.hours.back().listed_viable);
  return mean_unprocessed(r, 24) > 0.05 * listed ? "tokens" : "supply";
}

std::string table(const bench_setup& s, const std::vector<run_result>& runs) {
  std::string out = fmt::format("capacity: {} simulated days, {} tokens/min, {} h retention, universe {} (seed {})\n",
                                s.days, s.rate, s.retention_hours, s.universe, s.seed);
  auto row = [&](const char* label, auto value) {
    out += fmt::format("{:<34}", label);
    for (const auto& r : runs)
      out += fmt::format("{:>14}", value(r));
    out += '\n';
  };
  row("", [](const run_result& r) { return r.mode; });
  row("live deals at the end", [](const run_result& r) { return std::to_string(r.live_end()); });
  row("live deals, mean", [](const run_result& r) { return fmt::format("{:.0f}", mean_live(r)); });
  row("tokens: deal pages", [](const run_result& r) { return std::to_string(r.node_tokens.deal_pages); });
  row("tokens: heavy", [](const run_result& r) { return std::to_string(r.node_tokens.heavy); });
  row("tokens: offers", [](const run_result& r) { return std::to_string(r.node_tokens.offers); });
  row("tokens: light", [](const run_result& r) { return std::to_string(r.node_tokens.light); });
  row("tokens: seller", [](const run_result& r) {
    const auto it = r.mock_tokens.find("seller");
    return std::to_string(it == r.mock_tokens.end() ? 0 : it->second);
  });
  row("tokens: total (mock's meter)", [](const run_result& r) { return std::to_string(r.mock_tokens_total); });
  row("heavy fetches (deals + rejects)", [](const run_result& r) {
    return fmt::format("{}+{}", r.ingested.heavy_written, r.ingested.rejected);
  });
  row("offers bought / skipped", [](const run_result& r) {
    return fmt::format("{}/{}", r.ingested.offers_bought, r.ingested.offers_skipped);
  });
  row("refreshes: feed / light", [](const run_result& r) {
    return fmt::format("{}/{}", r.ingested.feed_refreshes, r.ingested.light_refreshes);
  });
  row("tokens per new deal", [](const run_result& r) { return fmt::format("{:.2f}", tokens_per_new_deal(r)); });
  row("tokens per refresh", [](const run_result& r) { return fmt::format("{:.3f}", tokens_per_refresh(r)); });
  row("tokens per live deal a day", [](const run_result& r) {
    return fmt::format("{:.3f}", tokens_per_live_deal_day(r));
  });
  row("deleted / while in feed", [](const run_result& r) {
    return fmt::format("{}/{}", r.deleted, r.deleted_while_in_feed);
  });
  row("re-admissions", [](const run_result& r) { return std::to_string(r.readmissions); });
  row("viable entries waiting, mean", [](const run_result& r) { return fmt::format("{:.0f}", mean_unprocessed(r)); });
  row("429s", [](const run_result& r) { return std::to_string(r.responses_429); });
  row("bound by", [](const run_result& r) { return bound_by(r); });
  row("wall seconds", [](const run_result& r) { return fmt::format("{:.0f}", r.wall_seconds); });
  if (!runs.empty()) {
    const auto& f = runs.front().supply;
    out += fmt::format("feed supply (viable = passes the feed's peek): {} distinct in any {} h, {} in all; "
                       "{:.0f} arrivals a day; mean lifetime {:.1f} h; {:.2f} reappearances per deal a day\n",
                       f.max_distinct_in_window, s.retention_hours, f.distinct_total, f.arrivals_per_day,
                       f.mean_lifetime_hours, f.reappearances_per_deal_day);
  }
  return out;
}

std::string json(const bench_setup& s, const std::vector<run_result>& runs) {
  std::string out = fmt::format(R"({{"days":{},"rate":{},"retention_hours":{},"universe":{},"seed":{},"modes":[)",
                                s.days, s.rate, s.retention_hours, s.universe, s.seed);
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const auto& r = runs[i];
    const auto& t = r.node_tokens;
    const auto& f = r.supply;
    out += fmt::format(
        R"({}{{"mode":"{}","live_end":{},"tokens":{{"deal_pages":{},"heavy":{},"offers":{},"light":{},"total":{}}},)"
        R"("mock_tokens_total":{},"responses_429":{},"heavy_written":{},"rejected":{},"offers_bought":{},)"
        R"("feed_refreshes":{},"light_refreshes":{},"tokens_per_new_deal":{:.3f},"tokens_per_refresh":{:.4f},)"
        R"("tokens_per_live_deal_day":{:.4f},"deleted":{},"deleted_while_in_feed":{},"readmissions":{},)"
        R"("bound_by":"{}","wall_seconds":{:.1f},"peak_rss_mb":{},)"
        R"("supply":{{"max_distinct_in_window":{},"distinct_total":{},"arrivals_per_day":{:.1f},)"
        R"("mean_lifetime_hours":{:.2f},"reappearances_per_deal_day":{:.3f}}},"live_by_hour":[)",
        i ? "," : "", r.mode, r.live_end(), t.deal_pages, t.heavy, t.offers, t.light, t.total(), r.mock_tokens_total,
        r.responses_429, r.ingested.heavy_written, r.ingested.rejected, r.ingested.offers_bought,
        r.ingested.feed_refreshes, r.ingested.light_refreshes, tokens_per_new_deal(r), tokens_per_refresh(r),
        tokens_per_live_deal_day(r), r.deleted, r.deleted_while_in_feed, r.readmissions, bound_by(r), r.wall_seconds,
        r.peak_rss_mb, f.max_distinct_in_window, f.distinct_total, f.arrivals_per_day, f.mean_lifetime_hours,
        f.reappearances_per_deal_day);
    for (std::size_t h = 0; h < r.hours.size(); ++h)
      out += fmt::format("{}{}", h ? "," : "", r.hours[h].live);
    out += "]}";
  }
  out += "]}\n";
  return out;
}

bool chart(const bench_setup& s, const std::vector<run_result>& runs, const std::filesystem::path& png) {
  const auto data = std::filesystem::path(png).replace_extension(".dat");
  const auto script = std::filesystem::path(png).replace_extension(".gp");
  {
    std::ofstream out(data);
    out << "# hour";
    for (const auto& r : runs)
      out << ' ' << r.mode;
    out << '\n';
    const std::size_t rows = runs.empty() ? 0 : runs.front().hours.size();
    for (std::size_t h = 0; h < rows; ++h) {
      out << h;
      for (const auto& r : runs)
        out << ' ' << (h < r.hours.size() ? r.hours[h].live : 0);
      out << '\n';
    }
  }
  {
    std::ofstream out(script);
    out << "set terminal png size 900,500\n"
        << "set output '" << png.string() << "'\n"
        << "set title 'Live deals, " << s.rate << " tokens/min, " << s.retention_hours << " h retention, universe "
        << s.universe << "'\n"
        << "set xlabel 'simulated days'\nset ylabel 'live deals'\nset key left top\nset grid\n"
        << "plot ";
    for (std::size_t i = 0; i < runs.size(); ++i)
      out << (i ? ", " : "") << "'" << data.string() << "' using ($1/24):" << i + 2 << " with lines lw 2 title '"
          << runs[i].mode << "'";
    out << '\n';
  }
  const int rc = std::system(("gnuplot '" + script.string() + "'").c_str());
  if (rc != 0) {
    std::fprintf(stderr, "chart: gnuplot failed (exit %d); the data is in %s\n", rc, data.string().c_str());
    return false;
  }
  return true;
}

} // namespace capacity
