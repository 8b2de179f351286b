// Each thread parses with its own simdjson parser and buffer: results from
// concurrent parses, and from earlier parses on the same thread, stay intact.
#include "keepa/parse.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <thread>
#include <vector>

namespace {

std::string body_for(int n) {
  std::string asin = "B0THREAD" + std::to_string(10 + n);
  std::string csv = "[";
  for (int i = 0; i < 500; ++i)
    csv += (i ? "," : "") + std::to_string(7207224 + i) + "," + std::to_string(n * 1000 + i);
  csv += "]";
  return R"({"tokensLeft": )" + std::to_string(n) + R"(, "products": [{"asin": ")" + asin +
         R"(", "title": "Title )" + std::to_string(n) + R"(", "csv": [null, )" + csv + "]}]}";
}

bool matches(const keepa::product_response& r, int n) {
  const auto& p = r.products.at(0);
  return r.env.tokens_left == n && p.asin == "B0THREAD" + std::to_string(10 + n) &&
         p.title == "Title " + std::to_string(n) && p.csv[1].size() == 500 &&
         p.csv[1][499] == keepa::point{7207224 + 499, n * 1000 + 499};
}

} // namespace

TEST_CASE("a parsed response keeps its strings after the thread parses another body") {
  const auto first = keepa::parse_product_response(body_for(1), "first");
  const auto second = keepa::parse_product_response(body_for(2), "second");
  CHECK(matches(first, 1));
  CHECK(matches(second, 2));
}

TEST_CASE("threads parsing at the same time get their own correct results") {
  constexpr int threads = 4, rounds = 200;
  std::vector<int> wrong(threads, 0);
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([t, &wrong] {
      const std::string body = body_for(t);
      for (int i = 0; i < rounds; ++i)
        if (!matches(keepa::parse_product_response(body, "thread"), t))
          ++wrong[t];
    });
  for (auto& th : pool)
    th.join();
  CHECK(wrong == std::vector<int>(threads, 0));
}
