// The JSON a webhook receives for one outbox row. The idempotency key is the
// same for every attempt at the same row, so a receiver that saw an attempt
// whose answer was lost can drop the repeat (delivery is at least once).
#pragma once

#include "storage/deal_store.hpp"

#include <string>

namespace notify {

// "kd-<id>-<asin>-<kind>-<created_utc>": unique within a store, stable across retries.
std::string idempotency_key(const storage::notification& n);

// {"idempotency_key":..., "id":..., "kind":..., "asin":..., "created_utc":...,
//  "amazon_url":..., "details":{the outbox payload}}
std::string webhook_body(const storage::notification& n);

} // namespace notify
