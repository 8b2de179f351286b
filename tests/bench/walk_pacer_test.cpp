// The refiller's pacing: walk once a page's worth of fresh entries is due.
#include "ingest/walk_pacer.hpp"

#include <catch2/catch.hpp>

TEST_CASE("the pacer walks at first, then once a page's worth is expected or the wait is over") {
  ingest::walk_pacer pacer(150, 3600);
  CHECK(pacer.due(0));
  pacer.walked(0, 400);  // the first walk: no rate yet
  CHECK(pacer.due(60));
  pacer.walked(60, 30);  // 30 fresh in a minute: 0.5 a second
  CHECK_FALSE(pacer.due(60 + 200));
  CHECK(pacer.expected(60 + 200) == Approx(100));
  CHECK(pacer.due(60 + 300));  // 150 expected
  pacer.walked(360, 0);  // nothing new: the rate halves
  REQUIRE(pacer.rate_per_second());
  CHECK(*pacer.rate_per_second() == Approx(0.25));
  CHECK_FALSE(pacer.due(360 + 599));
  CHECK(pacer.due(360 + 600));
}

TEST_CASE("a quiet feed is still walked once the longest wait is over") {
  ingest::walk_pacer pacer(150, 3600);
  pacer.walked(0, 0);
  pacer.walked(60, 0);
  CHECK_FALSE(pacer.due(60 + 3599));
  CHECK(pacer.due(60 + 3600));
}

TEST_CASE("with a budget, pages never take more than their share of the plan") {
  ingest::walk_pacer pacer(150, 3600);
  pacer.set_budget(1.25);  // a quarter of 5 tokens a minute
  pacer.walked(0, 0);
  pacer.walked(60, 10'000, 335);  // a busy feed: 67 pages
  // A page's worth is due at once, but 335 tokens at 1.25 a minute take 268 minutes.
  CHECK(pacer.expected(120) > 150);
  CHECK_FALSE(pacer.due(60 + 268 * 60 - 1));
  CHECK(pacer.due(60 + 268 * 60));
}
