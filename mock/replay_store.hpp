// Captured Keepa payloads to replay over the wire: product-*.json files are
// /product responses (each product is served by its ASIN), deal-*.json files
// are /deal responses (served as pages 0, 1, ... in file-name order).
#pragma once

#include "mock/product_billing.hpp"

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace mock {

struct replayed_product {
  std::string json;  // the product object as captured (minified)
  product_facts facts;
};

class replay_store {
public:
  // Throws std::runtime_error naming the file and what is wrong with it.
  explicit replay_store(const std::string& directory);

  const replayed_product* find(std::string_view asin) const;
  std::size_t product_count() const { return products_.size(); }
  // The `deals` object of the page's capture; nullptr past the last one.
  const std::string* deal_page(std::int64_t page) const;
  std::size_t deal_pages() const { return deal_pages_.size(); }

private:
  void load_products(const std::string& file);
  void load_deals(const std::string& file);

  std::unordered_map<std::string, replayed_product> products_;
  std::vector<std::string> deal_pages_;
};

} // namespace mock
