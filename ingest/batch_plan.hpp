// The router's plan for a batch of feed entries, as a pure function: which
// entries cost nothing (a refresh from the entry itself, a reject still
// cooling, a peek that says no), which need a light product call, and which a
// heavy one. The mode decides; see ingest_policy.hpp.
#pragma once

#include "ingest/batch_split.hpp"
#include "ingest/ingest_policy.hpp"
#include "keepa/product.hpp"
#include "storage/deal_row.hpp"

#include <span>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace ingest {

// What the store knows of a batch's ASINs: deals (with the fields a refresh
// keeps) and remembered rejects.
struct known_asins {
  existing_rows deals;
  std::unordered_map<std::string, storage::reject_row> rejects;
};

struct feed_item {
  keepa::deal entry;
  storage::kept_fields kept;
};

struct batch_plan {
  std::vector<std::string> heavy;
  std::vector<light_item> light;     // a light product call, part of the batch
  std::vector<feed_item> from_feed;  // refreshed from the entry: no token
  // Known deals whose product data is older than light_max_age: refreshed
  // from the feed now, topped up by a light call when tokens allow.
  std::vector<light_item> top_up;
  std::vector<std::string> not_viable;  // new, and the feed's peek said no
  std::vector<std::string> cooling;     // rejected within the cooldown
};

// The buy price a feed entry shows: current USED, else NEW (cents); nullopt
// without either.
std::optional<storage::cents> feed_buy_price(const keepa::deal& entry);

// An ASIN listed twice is planned once, from its newest entry. `not_viable`
// names the new ASINs the peek ruled out (heavy-only ignores it: the original
// fetched everything).
batch_plan plan_batch(std::span<const keepa::deal> entries, const known_asins& known,
                      const std::unordered_set<std::string>& not_viable, const ingest_policy& policy,
                      storage::unix_seconds now);

} // namespace ingest
