// `keepa-deals export` on a real SQLite file, run as a process: the CSV a
// spreadsheet reads (ASIN quoted with its leading zeros, dollars, ISO-8601
// UTC, Offers as a count and a trend), the JSON a program reads, and
// --profitable through the deals_profitable view. The formats alone first.
#include "app/export_format.hpp"
#include "storage/deal_store.hpp"
#include "tests/app/run_binary.hpp"
#include "tests/storage/store_fixture.hpp"

#include <catch2/catch.hpp>
#include <simdjson.h>

#include <sys/stat.h>

using namespace storage_test;
using namespace app_test;

namespace {

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t from = 0;
  for (auto at = text.find("\r\n"); at != std::string::npos; at = text.find("\r\n", from)) {
    out.push_back(text.substr(from, at - from));
    from = at + 2;
  }
  return out;
}

// A store with a deal that loses money (ASIN with leading zeros) and one that pays.
void write_two_deals(const std::filesystem::path& file) {
  storage::deal_store store(file);
  auto losing = sample_deal("0012345678", t0);
  losing.title = "A \"quoted\", comma'd title";
  losing.profit_cents = -305;
  losing.margin_pct = -3.39;
  losing.offers_trend = "up";
  store.insert(losing);
  store.insert(sample_deal("B00PAYS001", t0 + hour));  // profit 44.03, margin 48.93
}

} // namespace

TEST_CASE("dollars and ISO-8601 UTC, exactly") {
  CHECK(app::dollars(2499) == "24.99");
  CHECK(app::dollars(5) == "0.05");
  CHECK(app::dollars(-305) == "-3.05");
  CHECK(app::dollars(-5) == "-0.05");
  CHECK(app::dollars(std::nullopt).empty());
  CHECK(app::iso_utc(t0) == "2026-01-01T00:00:00Z");
  CHECK(app::iso_utc(t0 + 13 * hour + 61) == "2026-01-01T13:01:01Z");
}

TEST_CASE("the CSV quotes text, keeps the ASIN's zeros and splits Offers") {
  auto d = sample_deal("0012345678", t0);
  d.title = "A \"quoted\", title";
  const auto csv = lines(app::deals_csv({d}));
  REQUIRE(csv.size() == 2);
  CHECK_THAT(csv[0], Catch::StartsWith("\"ASIN\",\"Title\",\"Price Now\""));
  CHECK_THAT(csv[0], Catch::Contains("\"Offers\",\"Offers Trend\""));
  CHECK_THAT(csv[1], Catch::StartsWith("\"0012345678\",\"A \"\"quoted\"\", title\",24.99,"));
  CHECK_THAT(csv[1], Catch::Contains(",17,\"down\","));  // offers 17, trend down: two columns
  CHECK_THAT(csv[1], Catch::Contains(",44.03,48.93,"));  // profit in dollars, margin %
  CHECK_THAT(csv[1], Catch::EndsWith("\"2026-01-01T00:00:00Z\",\"2026-01-01T00:00:00Z\""));
}

TEST_CASE("export writes every deal as CSV, best profit first, from a real file") {
  temp_dir dir;
  write_two_deals(dir.file("deals.db"));
  const auto r = keepa_deals(dir, "export --db deals.db");
  REQUIRE(r.exit_code == 0);
  const auto csv = lines(r.out);
  REQUIRE(csv.size() == 3);
  CHECK_THAT(csv[1], Catch::StartsWith("\"B00PAYS001\","));
  CHECK_THAT(csv[2], Catch::StartsWith("\"0012345678\",\"A \"\"quoted\"\", comma'd title\",24.99,"));
  CHECK_THAT(csv[2], Catch::Contains(",-3.05,-3.39,"));
  CHECK_THAT(csv[2], Catch::Contains(",17,\"up\","));
}

TEST_CASE("export --profitable --format json: the deals_profitable view, as JSON") {
  temp_dir dir;
  write_two_deals(dir.file("deals.db"));
  const auto r = keepa_deals(dir, "export --profitable --format json --db deals.db --out deals.json");
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.err, Catch::Contains("1 deals written to deals.json"));
  simdjson::dom::parser parser;
  simdjson::dom::element doc = parser.load(dir.file("deals.json").string());
  simdjson::dom::array rows = doc.get_array();
  REQUIRE(rows.size() == 1);
  simdjson::dom::object deal = rows.at(0).get_object();
  CHECK(std::string_view(deal["asin"].get_string()) == "B00PAYS001");
  CHECK(double(deal["profit"]) == Approx(44.03));
  CHECK(double(deal["price_now"]) == Approx(24.99));
  CHECK(std::int64_t(deal["offers"]) == 17);
  CHECK(std::string_view(deal["offers_trend"].get_string()) == "down");
  CHECK(std::string_view(deal["first_seen_utc"].get_string()) == "2026-01-01T01:00:00Z");
  CHECK(deal["last_price_change_utc"].is_string());
}

TEST_CASE("export names a missing file and a bad format, and exits non-zero") {
  temp_dir dir;
  auto r = keepa_deals(dir, "export --db nowhere.db");
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("nowhere.db: no such file"));
  r = keepa_deals(dir, "export --format xls");
  CHECK(r.exit_code != 0);
  CHECK_THAT(r.err, Catch::Contains("--format"));
}
