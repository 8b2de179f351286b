// The deal feed as the live jobs read it: one page at a time, its 5 tokens
// drawn from the pipeline's bucket, and the free peek over its entries.
#pragma once

#include "app/pipeline_session.hpp"
#include "app/run_config.hpp"
#include "keepa/client_query.hpp"
#include "keepa/product.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace keepa {
class client;
}

namespace app {

struct deal_page {
  std::vector<keepa::deal> deals;
  std::int64_t server_now_ms = 0;
  bool last() const;  // fewer than a full page: the feed ends here
};

std::shared_ptr<keepa::client> make_client(const run_config& config);

// Nothing when the page could not be had (logged, key redacted).
std::optional<deal_page> fetch_deal_page(pipeline_session& session, keepa::client& client,
                                         const keepa::deal_selection& selection);

// The original's peek, from the figures each feed entry already carries:
// which of `chosen` are not worth a heavy fetch.
std::vector<std::string> not_viable(const std::vector<keepa::deal>& feed, const std::vector<std::string>& chosen);

} // namespace app
