// The webhook's JSON: the outbox row, its payload, and a key that is the
// same for every attempt at one row and differs between rows.
#include "notify/webhook_body.hpp"

#include <catch2/catch.hpp>

TEST_CASE("the body carries the idempotency key, the row and its payload") {
  storage::notification n{42, "0134093410", "new_deal", 1'767'225'600, R"({"title":"A \"quoted\" title"})", 3};
  const auto body = notify::webhook_body(n);
  CHECK(body == R"({"idempotency_key":"kd-42-0134093410-new_deal-1767225600","id":42,"kind":"new_deal",)"
                R"("asin":"0134093410","created_utc":1767225600,"amazon_url":"https://www.amazon.com/dp/0134093410",)"
                R"("details":{"title":"A \"quoted\" title"}})");
  // Retries do not change it; another row has another key.
  n.attempts = 4;
  CHECK(notify::webhook_body(n) == body);
  storage::notification other = n;
  other.id = 43;
  CHECK(notify::idempotency_key(other) != notify::idempotency_key(n));
}
