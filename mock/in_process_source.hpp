// The mock Keepa service as the node's source, called in process: no socket,
// no thread, the answer computed inside the caller's call. A node on a
// simulated clock drives it this way, so a simulated week runs as fast as the
// CPU allows and every token is still billed by the mock's own meter.
#pragma once

#include "ingest/product_source.hpp"

#include <memory>

namespace mock {

class keepa_service;

class in_process_source final : public ingest::product_source {
public:
  explicit in_process_source(std::shared_ptr<keepa_service> service) : service_(std::move(service)) {}

  void fetch_products(std::vector<std::string> asins, const keepa::product_request& request,
                      std::function<void(ingest::product_fetch)> done) override;
  void fetch_deals(const keepa::deal_selection& selection, std::function<void(ingest::deal_fetch)> done) override;
  void fetch_tokens(std::function<void(ingest::token_fetch)> done) override;

private:
  std::shared_ptr<keepa_service> service_;
};

} // namespace mock
