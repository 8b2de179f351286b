// Loading analysis settings from TOML, with errors that name the key.
#include "analysis/settings.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace {

// A TOML file in the temp directory, removed at scope end.
struct temp_config {
  std::filesystem::path path;
  explicit temp_config(const std::string& text) {
    static int n = 0;
    path = std::filesystem::temp_directory_path() /
           ("keepa-deals-analysis-" + std::to_string(::getpid()) + "-" + std::to_string(n++) + ".toml");
    std::ofstream(path) << text;
  }
  ~temp_config() { std::filesystem::remove(path); }
};

std::string error_of(const std::string& text) {
  temp_config f{text};
  try {
    analysis::load_settings(f.path.string());
  } catch (const analysis::settings_error& e) {
    return e.what();
  }
  return "no error";
}

} // namespace

TEST_CASE("settings default to the original system's values", "[settings]") {
  const analysis::settings s;
  CHECK(s.prep_fee_cents == 275);
  CHECK(s.estimated_shipping_cents == 399);
  CHECK(s.tax_pct == 5.0);
  CHECK_FALSE(s.tax_exempt);
  CHECK(s.markup_pct == 10.0);
  CHECK(s.fallback_fba_fee_cents == 550);
  CHECK(s.fallback_referral_pct == 15.0);
  CHECK(s.inferred_sales_window_days == 1095);
  CHECK(s.sale_confirmation_hours == 240);
}

TEST_CASE("a config without [analysis] gives the defaults", "[settings]") {
  temp_config f{"[keepa]\nrefill_rate = 5\n"};
  const auto s = analysis::load_settings(f.path.string());
  CHECK(s.prep_fee_cents == 275);
  CHECK(s.tax_pct == 5.0);
}

TEST_CASE("[analysis] keys override the defaults", "[settings]") {
  temp_config f{R"([analysis]
prep_fee = 3.10
estimated_shipping = 4
tax_pct = 7.25
tax_exempt = true
markup_pct = 15
fallback_fba_fee = 6.005
fallback_referral_pct = 12
inferred_sales_window_days = 730
sale_confirmation_hours = 72
offer_match_days = 30

[analysis.llm]
model = "belongs to another part"
)"};
  const auto s = analysis::load_settings(f.path.string());
  CHECK(s.prep_fee_cents == 310);
  CHECK(s.estimated_shipping_cents == 400);
  CHECK(s.tax_pct == 7.25);
  CHECK(s.tax_exempt);
  CHECK(s.markup_pct == 15.0);
  CHECK(s.fallback_fba_fee_cents == 601);  // 600.5 cents rounds half away from zero
  CHECK(s.fallback_referral_pct == 12.0);
  CHECK(s.inferred_sales_window_days == 730);
  CHECK(s.sale_confirmation_hours == 72);
  CHECK(s.offer_match_days == 30);
}

TEST_CASE("bad settings are errors naming the file and the key", "[settings]") {
  auto e = error_of("[analysis]\nprep_fe = 2.75\n");
  CHECK_THAT(e, Catch::Contains("prep_fe") && Catch::Contains("unknown key"));
  e = error_of("[analysis]\ntax_pct = \"five\"\n");
  CHECK_THAT(e, Catch::Contains("tax_pct") && Catch::Contains("a string"));
  e = error_of("[analysis]\nmarkup_pct = 100\n");
  CHECK_THAT(e, Catch::Contains("markup_pct") && Catch::Contains("outside"));
  e = error_of("[analysis]\ntax_exempt = 1\n");
  CHECK_THAT(e, Catch::Contains("tax_exempt") && Catch::Contains("true or false"));
  e = error_of("[analysis]\nsale_confirmation_hours = 2.5\n");
  CHECK_THAT(e, Catch::Contains("sale_confirmation_hours") && Catch::Contains("integer"));
  e = error_of("[analysis]\nprep_fee = -1\n");
  CHECK_THAT(e, Catch::Contains("prep_fee"));
  e = error_of("analysis = 3\n");
  CHECK_THAT(e, Catch::Contains("[analysis]") && Catch::Contains("expected a table"));
  e = error_of("[analysis]\nprep_fee = \n");
  CHECK_THAT(e, Catch::Contains("line 2"));
  CHECK_THAT(e, Catch::Contains(".toml"));
}

TEST_CASE("a missing config file is an error naming it", "[settings]") {
  try {
    analysis::load_settings("/nonexistent/keepa-deals.toml");
    FAIL("no error");
  } catch (const analysis::settings_error& e) {
    CHECK_THAT(e.what(), Catch::Contains("/nonexistent/keepa-deals.toml"));
  }
}
