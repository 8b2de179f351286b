// The /deal feed over the wire: only products at least 10 % under their
// 90-day used average, the selection's ranges applied, Keepa's sort orders,
// pages of 150; GET and POST agree.
#include "http_client.hpp"
#include "json_probe.hpp"
#include "test_support.hpp"

#include "keepa/product.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

using namespace mock_test;

namespace {

struct digest {
  std::string asin;
  std::int64_t used = 0, rank = 0, avg90_used = 0, percent_week = 0, delta_week = 0, last_update = 0;
};

std::vector<digest> deals_of(const std::string& body) {
  const json_doc doc(body);
  std::vector<digest> out;
  for (std::size_t i = 0; i < doc.size("/deals/dr"); ++i) {
    const std::string d = "/deals/dr/" + std::to_string(i);
    digest g;
    g.asin = doc.string(d + "/asin");
    g.used = doc.integer(d + "/current/2");
    g.rank = doc.integer(d + "/current/3");
    g.avg90_used = doc.integer(d + "/avg/3/2");
    g.percent_week = doc.integer(d + "/deltaPercent/1/2");
    g.delta_week = doc.integer(d + "/delta/1/2");
    g.last_update = doc.integer(d + "/lastUpdate");
    out.push_back(g);
  }
  return out;
}

std::string url_encode(std::string_view text) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string deal_target(const std::string& selection) {
  return "/deal?key=" + std::string(test_key) + "&selection=" + url_encode(selection);
}

std::string selection(int page, int sort, const std::string& extra = "") {
  return fixtures::feed_selection(page, sort, extra);
}

// Every page of a query, until one holds fewer than 150 deals.
std::vector<digest> all_pages(http_client& client, int sort, const std::string& extra, int* pages = nullptr) {
  std::vector<digest> all;
  for (int page = 0;; ++page) {
    const auto reply = client.get(deal_target(selection(page, sort, extra)));
    REQUIRE(reply.status == 200);
    CHECK(json_int(reply.body, "/tokensConsumed") == 5);
    const auto deals = deals_of(reply.body);
    CHECK(deals.size() <= 150);
    all.insert(all.end(), deals.begin(), deals.end());
    if (deals.size() < 150) {
      if (pages)
        *pages = page + 1;
      return all;
    }
  }
}

} // namespace

TEST_CASE("the feed lists only books updated within 12 hours and at least 10% under their 90-day used average, paged by 150", "[deal]") {
  auto server = started(small_universe(fixtures::paged_feed_products));
  http_client client(server->port());
  int pages = 0;
  const auto all = all_pages(client, 4, "", &pages);
  // Enough for a second page: fixture_properties_test checks it at any start.
  REQUIRE(all.size() > 150);
  CHECK(pages == static_cast<int>(all.size() / 150 + 1));
  const auto now = keepa::to_keepa_minute(server->now_ms() / 1000);
  std::set<std::string> distinct;
  for (const auto& d : all) {
    distinct.insert(d.asin);
    REQUIRE(d.used >= 0);
    CHECK((d.avg90_used - d.used) * 100 >= 10 * d.avg90_used);
    CHECK(now - d.last_update <= 12 * 60);  // the feed holds the last 12 hours
  }
  CHECK(distinct.size() == all.size());
  CHECK(server->stats().tokens_charged.at("deal") == 5 * pages);
}

TEST_CASE("sortType 4 puts the largest percent drop first, -4 the smallest; 3 the best rank first", "[deal]") {
  auto server = started(small_universe(fixtures::sorted_feed_products));
  http_client client(server->port());
  const auto by_percent = all_pages(client, 4, "");
  REQUIRE(by_percent.size() > fixtures::sorted_feed_min_deals);
  CHECK(std::is_sorted(by_percent.begin(), by_percent.end(),
                       [](const digest& a, const digest& b) { return a.percent_week > b.percent_week; }));
  const auto inverted = all_pages(client, -4, "");
  CHECK(std::is_sorted(inverted.begin(), inverted.end(),
                       [](const digest& a, const digest& b) { return a.percent_week < b.percent_week; }));
  CHECK(inverted.size() == by_percent.size());
  const auto by_rank = all_pages(client, 3, "");
  CHECK(std::is_sorted(by_rank.begin(), by_rank.end(), [](const digest& a, const digest& b) {
    return (a.rank < 0 ? INT64_MAX : a.rank) < (b.rank < 0 ? INT64_MAX : b.rank);
  }));
  const auto by_delta = all_pages(client, 2, "");
  CHECK(std::is_sorted(by_delta.begin(), by_delta.end(),
                       [](const digest& a, const digest& b) { return a.delta_week > b.delta_week; }));
  const auto by_age = all_pages(client, 1, "");
  CHECK(std::is_sorted(by_age.begin(), by_age.end(),
                       [](const digest& a, const digest& b) { return a.last_update > b.last_update; }));
}

TEST_CASE("the selection's ranges narrow the feed to exactly the deals inside them", "[deal]") {
  auto server = started(small_universe(400));
  http_client client(server->port());
  const auto wide = all_pages(client, 4, "");
  const std::int64_t rank_max = 400'000, price_min = 500, price_max = 3000, percent_min = 15;
  const auto narrow = all_pages(client, 4,
                                R"(,"salesRankRange":[0,)" + std::to_string(rank_max) + R"(],"currentRange":[)" +
                                    std::to_string(price_min) + "," + std::to_string(price_max) +
                                    R"(],"deltaPercentRange":[)" + std::to_string(percent_min) + ",100]");
  std::set<std::string> expected;
  for (const auto& d : wide)
    if (d.rank >= 0 && d.rank <= rank_max && d.used >= price_min && d.used <= price_max &&
        d.percent_week >= percent_min && d.percent_week <= 100)
      expected.insert(d.asin);
  std::set<std::string> got;
  for (const auto& d : narrow)
    got.insert(d.asin);
  CHECK(got == expected);
  CHECK(got.size() < wide.size());
  // A range switched off by isRangeEnabled=false is ignored.
  const auto ignored = all_pages(client, 4, R"(,"isRangeEnabled":false,"salesRankRange":[0,1])");
  CHECK(ignored.size() == wide.size());
  // A category the books are not in leaves nothing.
  const auto none = client.get(deal_target(R"({"page":0,"priceTypes":[2],"includeCategories":[172282]})"));
  REQUIRE(none.status == 200);
  CHECK(json_size(none.body, "/deals/dr") == 0);
}

TEST_CASE("the selection may come as a POST body, as JSON or form-encoded", "[deal]") {
  auto server = started(small_universe(200));
  http_client client(server->port());
  const std::string sel = selection(0, 4);
  const auto by_get = client.get(deal_target(sel));
  const auto by_post = client.post("/deal?key=" + std::string(test_key), sel);
  const auto by_form = client.post("/deal?key=" + std::string(test_key), "selection=" + url_encode(sel),
                                   "application/x-www-form-urlencoded");
  REQUIRE(by_get.status == 200);
  REQUIRE(by_post.status == 200);
  REQUIRE(by_form.status == 200);
  std::vector<std::string> a, b, c;
  for (const auto& d : deals_of(by_get.body)) a.push_back(d.asin);
  for (const auto& d : deals_of(by_post.body)) b.push_back(d.asin);
  for (const auto& d : deals_of(by_form.body)) c.push_back(d.asin);
  CHECK_FALSE(a.empty());
  CHECK(a == b);
  CHECK(a == c);
  CHECK(client.post("/deal?key=" + std::string(test_key), "").status == 400);
}
