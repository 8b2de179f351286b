// `keepa-deals analyze` on a small hand-written /product response: the parser,
// the analysis and the JSON line together, then the real binary.
#include "analysis/analyze.hpp"
#include "keepa/parse.hpp"

#include <catch2/catch.hpp>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <unistd.h>

namespace {

// Now = 2026-06-30 00:00 UTC (Keepa minute 8148960, timestamp 1782777600000).
// Used price 30.00 from 2026-01-01 (minute 7889760); used offers 2 -> 1 on
// 2026-03-10 (7987680), rank 100000 -> 50000 an hour later: one sale, March,
// 30.00. Stats: used 10.00 now, Amazon none. So Price Now 10.00 + 3.99 =
// 13.99; List at = 1yr Avg = 30.00; All-in 13.99 + 0.70 + 2.75 + 4.50 + 5.50
// = 27.44; profit 2.56; % Down (30.00 - 13.99) / 30.00 = 53.37 %.
const char* const response_json = R"({
  "timestamp": 1782777600000, "tokensLeft": 100, "refillIn": 1000, "refillRate": 5,
  "tokensConsumed": 7, "tokenFlowReduction": 0, "processingTimeInMs": 3,
  "products": [{
    "asin": "0470000001", "title": "Organic \"Chemistry\"", "manufacturer": "Wiley",
    "domainId": 1, "lastPriceChange": 8147520,
    "csv": [null, null, [7889760, 3000, 8147520, 1000], [7889760, 100000, 7987740, 50000],
            null, null, null, null, null, null, null, null, [7889760, 2, 7987680, 1]],
    "stats": {
      "current": [-1, -1, 1000, 45000, -1, -1, -1, -1, -1, -1, -1, -1, 8],
      "avg30":   [-1, -1, 1100, 47000, -1, -1, -1, -1, -1, -1, -1, -1, 6],
      "avg180":  [-1, -1, 1500, 60000, -1, -1, -1, -1, -1, -1, -1, -1, 5],
      "avg365":  [-1, -1, 1800, 60000, -1, -1, -1, -1, -1, -1, -1, -1, 5],
      "salesRankDrops30": 12
    }
  }]
})";

std::filesystem::path write_temp(const std::string& name, const std::string& text) {
  auto path = std::filesystem::temp_directory_path() /
              ("keepa-deals-analyze-" + std::to_string(::getpid()) + "-" + name);
  std::ofstream(path) << text;
  return path;
}

struct command_result {
  int status;
  std::string out;
};

command_result run(const std::string& command) {
  command_result r{-1, {}};
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(command.c_str(), "r"), ::pclose);
  REQUIRE(pipe);
  std::array<char, 4096> buffer{};
  while (auto n = std::fread(buffer.data(), 1, buffer.size(), pipe.get()))
    r.out.append(buffer.data(), n);
  r.status = ::pclose(pipe.release());
  return r;
}

} // namespace

TEST_CASE("a hand-written /product response analyses to the worked figures", "[analyze][cli]") {
  const auto response = keepa::parse_product_response(response_json, "cli_test");
  REQUIRE(response.products.size() == 1);
  const auto r = analysis::analyze(response.products[0], analysis::settings{}, 1782777600);
  CHECK(r.is_deal());
  CHECK(r.price->price_cents == 1399);
  CHECK(r.inferred_sales == 1);
  CHECK(r.seasons.peak_month == 3);
  CHECK(r.list_at_cents == 3000);
  CHECK(r.one_year_avg_cents == 3000);
  CHECK(r.profit.all_in_cost_cents == 2744);
  CHECK(r.profit.profit_cents == 256);
}

TEST_CASE("keepa-deals analyze prints one JSON line named as the deals columns", "[analyze][cli]") {
  const auto file = write_temp("one.json", response_json);
  const auto result = run(std::string(KEEPA_DEALS_BINARY) + " analyze " + file.string() + " 2>&1");
  std::filesystem::remove(file);
  CHECK(result.status == 0);
  INFO(result.out);
  CHECK(std::count(result.out.begin(), result.out.end(), '\n') == 1);
  for (const char* expected :
       {"\"asin\":\"0470000001\"", "\"title\":\"Organic \\\"Chemistry\\\"\"", "\"price_now_cents\":1399",
        "\"price_includes_shipping\":false", "\"list_at_cents\":3000", "\"one_year_avg_cents\":3000",
        "\"profit_confidence_pct\":100", "\"offers_used\":8", "\"offers_trend\":\"up\"",
        "\"drops_30d\":12", "\"seasonality\":\"Textbook (Summer)\"", "\"sells\":\"Jul - Sep\"",
        "\"all_in_cost_cents\":2744", "\"profit_cents\":256", "\"min_listing_cents\":3049",
        "\"amazon_sells\":false", "\"inferred_sales\":1", "\"offer_drops\":1", "\"peak_month\":3",
        "\"trough_month\":3", "\"expected_trough_cents\":3000", "\"trend\":\"down\"",
        "\"percent_down\":53.36"})
    CHECK_THAT(result.out, Catch::Contains(expected));
  CHECK_THAT(result.out, !Catch::Contains("reject_reason"));
}

TEST_CASE("keepa-deals analyze names the reason for a non-deal and the file it cannot read",
          "[analyze][cli]") {
  // Without any current price the same product is no deal.
  std::string no_price = response_json;
  no_price.replace(no_price.find("[-1, -1, 1000, 45000"), 20, "[-1, -1, -1, 45000");
  const auto file = write_temp("no-price.json", no_price);
  auto result = run(std::string(KEEPA_DEALS_BINARY) + " analyze " + file.string() + " 2>&1");
  std::filesystem::remove(file);
  CHECK(result.status == 0);
  CHECK_THAT(result.out, Catch::Contains("\"reject_reason\":\"no_price\""));
  CHECK_THAT(result.out, Catch::Contains("\"price_now_cents\":null"));

  result = run(std::string(KEEPA_DEALS_BINARY) + " analyze /nonexistent/x.json 2>&1");
  CHECK(result.status != 0);
  CHECK_THAT(result.out, Catch::Contains("/nonexistent/x.json"));

  const auto config = write_temp("bad.toml", "[analysis]\ntax = 5\n");
  const auto data = write_temp("ok.json", response_json);
  result = run(std::string(KEEPA_DEALS_BINARY) + " analyze --config " + config.string() + " " +
               data.string() + " 2>&1");
  std::filesystem::remove(config);
  std::filesystem::remove(data);
  CHECK(result.status != 0);
  CHECK_THAT(result.out, Catch::Contains("tax") && Catch::Contains("unknown key"));
}
