// Token pricing against the worked examples of keepa-api.md.
#include "keepa/pricing.hpp"

#include <catch2/catch.hpp>

using keepa::product_outcome;
using keepa::product_request;

namespace {
product_request stats_only(std::int32_t days = 180) {
  product_request r;
  r.stats_days = days;
  r.history = false;
  return r;
}
} // namespace

TEST_CASE("worked examples of the price list price 100 ASINs as documented") {
  struct row {
    const char* what;
    product_request request;
    product_outcome outcome;
    std::int64_t for_100;
  };
  product_request buybox = stats_only();
  buybox.buybox = true;
  product_request offers20 = stats_only(1);
  offers20.offers = 20;
  product_outcome one_page;
  one_page.offer_pages_found = 1;
  product_outcome two_pages;
  two_pages.offer_pages_found = 2;

  const row rows[] = {
      {"stats=180&history=0", stats_only(), {}, 100},
      {"stats=180&history=0&buybox=1", buybox, {}, 300},
      {"offers=20, one page each", offers20, one_page, 600},
      {"offers=20, two pages each", offers20, two_pages, 1200},
  };
  for (const auto& r : rows) {
    INFO(r.what);
    CHECK(keepa::product_cost(r.request, std::vector<product_outcome>(100, r.outcome)) == r.for_100);
  }
}

TEST_CASE("the estimate bounds every outcome from above") {
  product_request offers20 = stats_only(1);
  offers20.offers = 20;
  offers20.rating = true;
  offers20.stock = true;
  CHECK(keepa::estimate_product_cost(offers20, 100) == 100 * (12 + 2 + 1));
  CHECK(keepa::estimate_product_cost(stats_only(), 100) == 100);

  product_request update = stats_only();
  update.update_hours = 1;
  CHECK(keepa::estimate_product_cost(update, 10) == 20);
}

TEST_CASE("per-parameter rules of the price list") {
  struct row {
    const char* what;
    product_request request;
    product_outcome outcome;
    std::int64_t cost;
  };
  product_request history_full;  // history=1 costs nothing extra
  product_request rating = stats_only();
  rating.rating = true;
  product_request offers = stats_only();
  offers.offers = 20;
  product_request offers_buybox = offers;
  offers_buybox.buybox = true;
  product_request offers_stock = offers;
  offers_stock.stock = true;
  product_request offers_update = offers;
  offers_update.update_hours = 24;
  product_request update = stats_only();
  update.update_hours = 0;

  product_outcome fresh_rating;
  fresh_rating.rating_updated = true;
  product_outcome no_offers;
  no_offers.has_no_offers = true;
  product_outcome failed;
  failed.offers_failed = true;
  product_outcome three_pages;
  three_pages.offer_pages_found = 3;
  product_outcome fresh_offers;
  fresh_offers.offers_fresh = true;
  fresh_offers.offer_pages_found = 2;
  product_outcome refreshed;
  refreshed.refreshed = true;

  const row rows[] = {
      {"full history is still one token", history_full, {}, 1},
      {"rating not updated in 14 days is free", rating, {}, 1},
      {"rating updated costs one more", rating, fresh_rating, 2},
      {"offers on a product without offers cost 5", offers, no_offers, 5},
      {"a failed offer fetch costs 1", offers, failed, 1},
      {"three offer pages cost 18", offers, three_pages, 18},
      {"buybox is ignored with offers", offers_buybox, three_pages, 18},
      {"stock adds 2 with offers", offers_stock, three_pages, 20},
      {"fresh offers under update=N cost 5 flat", offers_update, fresh_offers, 5},
      {"update=N refresh costs one more", update, refreshed, 2},
      {"update=N without a refresh costs nothing more", update, {}, 1},
  };
  for (const auto& r : rows) {
    INFO(r.what);
    CHECK(keepa::product_cost(r.request, r.outcome) == r.cost);
  }
}

TEST_CASE("deal pages cost 5 and sellers 1 each") {
  CHECK(keepa::deal_cost(3) == 15);
  CHECK(keepa::seller_request_cost(100) == 100);
}
