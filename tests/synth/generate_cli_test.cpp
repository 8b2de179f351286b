// `keepa-deals generate` on the real binary: parseable, seeded, history=0 honoured.
#include "keepa/parse.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <string>
#include <sys/wait.h>

namespace {

struct run_result {
  int exit_code;
  std::string out;
};

run_result run(const std::string& args) {
  const std::string command = std::string{KEEPA_DEALS_BINARY} + " " + args + " 2>/dev/null";
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string out;
  char buf[65536];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  const int status = ::pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

} // namespace

TEST_CASE("generate writes a parseable, seeded /product response", "[synth][cli]") {
  const auto a = run("generate --products 4 --seed 5 --history=1 --offers");
  REQUIRE(a.exit_code == 0);
  const auto parsed = keepa::parse_product_response(a.out, "generate output");
  REQUIRE(parsed.products.size() == 4);
  CHECK(parsed.env.tokens_consumed > 0);
  for (const auto& p : parsed.products) {
    CHECK(p.asin.size() == 10);
    CHECK_FALSE(p.csv[keepa::sales_rank].empty());
    CHECK(p.stats.has_value());
  }
  CHECK(run("generate --products 4 --seed 5 --history=1 --offers").out == a.out);
  CHECK(run("generate --products 4 --seed 6 --history=1 --offers").out != a.out);
}

TEST_CASE("generate --history=0 leaves out the histories", "[synth][cli]") {
  const auto r = run("generate --products 3 --seed 5 --history=0");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("\"csv\"") == std::string::npos);
  const auto parsed = keepa::parse_product_response(r.out, "generate --history=0");
  REQUIRE(parsed.products.size() == 3);
  for (const auto& p : parsed.products) {
    CHECK(p.csv[keepa::used].empty());
    REQUIRE(p.stats.has_value());
    CHECK(p.stats->current[keepa::sales_rank] > 0);
  }
}

TEST_CASE("generate rejects a history value other than 0 or 1", "[synth][cli]") {
  const auto r = run("generate --products 1 --history=2");
  CHECK(r.exit_code != 0);
  CHECK(r.out.empty());
}

TEST_CASE("generate explains a --now too early for the history", "[synth][cli]") {
  const std::string command = std::string{KEEPA_DEALS_BINARY} + " generate --products 1 --now 5 2>&1 >/dev/null";
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string err;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) err.append(buf, n);
  const int status = ::pclose(pipe);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 2);
  CHECK(err.find("now (Keepa minute 5)") != std::string::npos);
}
