// Seller quality as the Wilson lower bound of the positive share.
#include "analysis/seller_quality.hpp"

#include <catch2/catch.hpp>

TEST_CASE("Wilson lower bound at z = 1.96", "[seller_quality]") {
  // 1 of 1: p = 1, z^2 = 3.8416: (1 + 1.9208 - 1.96 x sqrt(3.8416 / 4)) / (1 + 3.8416)
  // = (2.9208 - 1.9208) / 4.8416 = 0.20654.
  CHECK(analysis::wilson_lower_bound(1, 1) == Approx(0.206543).epsilon(1e-5));
  // 95 of 100 and 0 of 10, worked the same way (0.888248 and 0).
  CHECK(analysis::wilson_lower_bound(95, 100) == Approx(0.888248).epsilon(1e-5));
  CHECK(analysis::wilson_lower_bound(0, 10) == Approx(0.0).margin(1e-12));
  CHECK(analysis::wilson_lower_bound(0, 0) == 0.0);
}

TEST_CASE("a 98 % seller with 5000 ratings outranks a 100 % seller with 3", "[seller_quality]") {
  keepa::seller few{"A", "few", 100, 3};
  keepa::seller many{"B", "many", 98, 5000};
  const auto q_few = analysis::seller_quality(few);
  const auto q_many = analysis::seller_quality(many);
  REQUIRE(q_few);
  REQUIRE(q_many);
  CHECK(*q_few == Approx(0.438494).epsilon(1e-5));
  CHECK(*q_many == Approx(0.975735).epsilon(1e-5));
  CHECK(*q_many > *q_few);
  CHECK_FALSE(analysis::seller_quality(keepa::seller{"C", "unknown", -1, -1}));
}
