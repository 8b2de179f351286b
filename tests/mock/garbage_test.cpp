// Bad input never crashes the mock: random targets and selection bodies get a
// status and a JSON body (an error naming the problem, or an answer).
#include "json_probe.hpp"
#include "test_support.hpp"

#include "mock/keepa_service.hpp"

#include <catch2/catch.hpp>

#include <random>

using namespace mock_test;

namespace {

std::string random_piece(std::mt19937& rng) {
  static const std::vector<std::string> pieces = {
      "/product", "/deal", "/seller", "/token", "/mock/stats", "/mock/fault", "/mock/advance", "?", "&", "=", ",",
      "%", "%2", "%7B", "%22", "+", "key=" + std::string(test_key), "domain=1", "domain=99", "asin=", "0307387895",
      "offers=", "20", "-1", "999999999999999999999", "stats=", "history=", "update=", "days=", "selection=",
      "{", "}", "[", "]", "\"page\":", "\"sortType\":", "\"priceTypes\":", "null", "true", "kind=", "drop",
      "minutes=", "seller=", "\xff", "\x01", " "};
  return pieces[rng() % pieces.size()];
}

} // namespace

TEST_CASE("random targets and bodies get an HTTP status and a JSON body, never a crash", "[garbage]") {
  mock::keepa_service service(small_universe(30));
  std::mt19937 rng(12345);
  int answered = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string target = random_piece(rng);
    std::string body;
    const int parts = static_cast<int>(rng() % 12);
    for (int k = 0; k < parts; ++k)
      target += random_piece(rng);
    for (int k = 0; k < static_cast<int>(rng() % 6); ++k)
      body += random_piece(rng);
    const char* method = (rng() % 3 == 0) ? "POST" : "GET";
    if (target.starts_with("/mock/fault") || target.starts_with("/mock/advance"))
      continue;  // faults would turn later answers into intended garbage
    INFO(method << " " << target << " body " << body);
    const mock::reply r = service.handle(method, target, body);
    CHECK(r.status >= 200);
    CHECK(r.status < 600);
    CHECK(json_valid(r.body));
    answered += r.status == 200;
  }
  CHECK(answered > 0);  // some random requests are well-formed
}
