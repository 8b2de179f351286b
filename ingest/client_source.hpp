// The Keepa client (real API or mock server over HTTP) as a product source.
#pragma once

#include "ingest/node_metrics.hpp"
#include "ingest/product_source.hpp"

#include <memory>

namespace keepa {
class client;
}

namespace ingest {

class client_source final : public product_source {
public:
  // `metrics`, when given, counts every failed call by endpoint and cause.
  explicit client_source(std::shared_ptr<keepa::client> client, std::shared_ptr<node_metrics> metrics = nullptr)
      : client_(std::move(client)), metrics_(std::move(metrics)) {}
  void fetch_products(std::vector<std::string> asins, const keepa::product_request& request,
                      std::function<void(product_fetch)> done) override;
  void fetch_deals(const keepa::deal_selection& selection, std::function<void(deal_fetch)> done) override;
  void fetch_tokens(std::function<void(token_fetch)> done) override;

private:
  std::shared_ptr<keepa::client> client_;
  std::shared_ptr<node_metrics> metrics_;
};

} // namespace ingest
