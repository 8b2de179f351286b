// The feed the backfiller walks ([deals] defaults: the original's query, all pages),
// as the mock serves it, asked for through the client: what the e2e tests
// judge a backfill's rows and cursor against.
#pragma once

#include "keepa/client.hpp"

#include <string>
#include <vector>

namespace e2e {

inline std::vector<std::string> backfill_feed(const std::string& url) {
  keepa::client_config config;
  config.base_url = url;
  config.api_key = "any";
  keepa::client client(config);
  std::vector<std::string> asins;
  for (const auto& d : client.all_deals(keepa::original_deal_query(), 67).get().payload.deals)
    asins.push_back(d.asin);
  return asins;
}

} // namespace e2e
