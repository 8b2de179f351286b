// Where the node's Keepa calls go: the Keepa API over HTTPS, the mock Keepa
// server over loopback or in process, or captured payloads replayed.
// Asynchronous so that an actor never blocks in a handler waiting for the
// network. Products, deal-feed pages and the free /token call are the three
// requests the node makes.
#pragma once

#include "keepa/client_query.hpp"
#include "keepa/pricing.hpp"
#include "keepa/product.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace ingest {

struct product_fetch {
  keepa::envelope env;
  std::vector<keepa::product> products;
  // Set when the call failed after the source's own retries; the ASINs stay
  // queued. The text names the request, never the API key.
  std::optional<std::string> error;
};

struct deal_fetch {
  keepa::envelope env;
  std::vector<keepa::deal> deals;
  std::optional<std::string> error;
};

struct token_fetch {
  keepa::envelope env;
  std::optional<std::string> error;
};

class product_source {
public:
  virtual ~product_source() = default;
  // Each call runs `done` exactly once, possibly on another thread: it must
  // only hand the result on (e.g. as a message), never touch actor state.
  virtual void fetch_products(std::vector<std::string> asins, const keepa::product_request& request,
                              std::function<void(product_fetch)> done) = 0;
  // A source without a deal feed (a capture of /product answers only) says so.
  virtual void fetch_deals(const keepa::deal_selection& selection, std::function<void(deal_fetch)> done) {
    (void)selection;
    deal_fetch f;
    f.error = "this source has no deal feed";
    done(std::move(f));
  }
  // The balance and refill schedule, for no token.
  virtual void fetch_tokens(std::function<void(token_fetch)> done) {
    token_fetch f;
    f.error = "this source has no token status";
    done(std::move(f));
  }
};

} // namespace ingest
