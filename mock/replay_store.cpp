// Loading captures with simdjson's DOM; only the facts billing needs are read,
// the rest of each product is kept as captured.
#include "mock/replay_store.hpp"

#include <simdjson.h>

#include <algorithm>
#include <filesystem>
#include <stdexcept>

namespace mock {
namespace {

namespace fs = std::filesystem;
using simdjson::dom::element;

[[noreturn]] void bad_capture(const std::string& file, const std::string& problem) {
  throw std::runtime_error("replay capture " + file + ": " + problem);
}

keepa::keepa_minute int_field(element object, std::string_view key) {
  std::int64_t v = 0;
  if (object[key].get_int64().get(v) != simdjson::SUCCESS)
    return 0;
  return static_cast<keepa::keepa_minute>(v);
}

// Last time of a flat [t, v, t, v, ...] history in csv, 0 when there is none.
keepa::keepa_minute last_history_time(element product, int type) {
  simdjson::dom::array csv, history;
  if (product["csv"].get_array().get(csv) != simdjson::SUCCESS)
    return 0;
  if (csv.at(type).get_array().get(history) != simdjson::SUCCESS || history.size() < 2)
    return 0;
  std::int64_t t = 0;
  if (history.at(history.size() - 2).get_int64().get(t) != simdjson::SUCCESS)
    return 0;
  return static_cast<keepa::keepa_minute>(t);
}

product_facts facts_of_capture(element product) {
  product_facts facts;
  simdjson::dom::array offers;
  if (product["offers"].get_array().get(offers) == simdjson::SUCCESS)
    facts.offer_count = offers.size();
  facts.last_update = int_field(product, "lastUpdate");
  facts.last_rating_update =
      std::max(last_history_time(product, keepa::rating), last_history_time(product, keepa::count_reviews));
  element stats;
  if (product["stats"].get(stats) == simdjson::SUCCESS && stats.is_object())
    facts.last_offers_update = int_field(stats, "lastOffersUpdate");
  return facts;
}

bool starts_with_and_is_json(const fs::path& p, std::string_view prefix) {
  const std::string name = p.filename().string();
  return name.starts_with(prefix) && p.extension() == ".json";
}

} // namespace

replay_store::replay_store(const std::string& directory) {
  std::error_code ec;
  if (!fs::is_directory(directory, ec))
    throw std::runtime_error("replay directory " + directory + " does not exist or is not a directory");
  std::vector<fs::path> product_files, deal_files;
  for (const auto& entry : fs::directory_iterator(directory)) {
    if (starts_with_and_is_json(entry.path(), "product-"))
      product_files.push_back(entry.path());
    else if (starts_with_and_is_json(entry.path(), "deal-"))
      deal_files.push_back(entry.path());
  }
  std::sort(product_files.begin(), product_files.end());
  std::sort(deal_files.begin(), deal_files.end());
  if (product_files.empty() && deal_files.empty())
    throw std::runtime_error("replay directory " + directory + " holds no product-*.json or deal-*.json captures");
  for (const auto& f : product_files)
    load_products(f.string());
  for (const auto& f : deal_files)
    load_deals(f.string());
}

void replay_store::load_products(const std::string& file) {
  simdjson::dom::parser parser;
  element doc;
  if (auto error = parser.load(file).get(doc))
    bad_capture(file, std::string("not valid JSON: ") + simdjson::error_message(error));
  simdjson::dom::array products;
  if (doc["products"].get_array().get(products) != simdjson::SUCCESS)
    bad_capture(file, "has no \"products\" array (is it a /product response?)");
  std::size_t index = 0;
  for (element product : products) {
    std::string_view asin;
    if (product["asin"].get_string().get(asin) != simdjson::SUCCESS)
      bad_capture(file, "products[" + std::to_string(index) + "] has no string \"asin\"");
    // A later capture of the same ASIN replaces an earlier one.
    products_[std::string(asin)] = replayed_product{simdjson::minify(product), facts_of_capture(product)};
    ++index;
  }
}

void replay_store::load_deals(const std::string& file) {
  simdjson::dom::parser parser;
  element doc;
  if (auto error = parser.load(file).get(doc))
    bad_capture(file, std::string("not valid JSON: ") + simdjson::error_message(error));
  element deals;
  if (doc["deals"].get(deals) != simdjson::SUCCESS || !deals.is_object())
    bad_capture(file, "has no \"deals\" object (is it a /deal response?)");
  deal_pages_.push_back(simdjson::minify(deals));
}

const replayed_product* replay_store::find(std::string_view asin) const {
  const auto it = products_.find(std::string(asin));
  return it == products_.end() ? nullptr : &it->second;
}

const std::string* replay_store::deal_page(std::int64_t page) const {
  if (page < 0 || static_cast<std::size_t>(page) >= deal_pages_.size())
    return nullptr;
  return &deal_pages_[static_cast<std::size_t>(page)];
}

} // namespace mock
