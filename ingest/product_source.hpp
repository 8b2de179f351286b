// Where fetchers get products from: the Keepa API over HTTPS, the mock Keepa
// server over loopback, or captured payloads replayed. Asynchronous so that an
// actor never blocks in a handler waiting for the network.
#pragma once

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

class product_source {
public:
  virtual ~product_source() = default;
  // Calls `done` exactly once, possibly on another thread: it must only hand
  // the result on (e.g. as a message), never touch actor state.
  virtual void fetch_products(std::vector<std::string> asins, const keepa::product_request& request,
                              std::function<void(product_fetch)> done) = 0;
};

} // namespace ingest
