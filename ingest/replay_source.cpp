// Replay: captured payloads in, the same answers and bills as Keepa out.
#include "ingest/replay_source.hpp"

#include "keepa/parse.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace ingest {

replay_source::replay_source(std::int32_t refill_per_minute, std::int64_t starting_balance)
    : refill_per_minute_(refill_per_minute), balance_(starting_balance) {}

void replay_source::add_capture(std::string_view body, std::string_view source_name) {
  auto response = keepa::parse_product_response(body, source_name);
  std::lock_guard lock(mutex_);
  // The replayed clock is the time of the newest capture.
  now_ms_ = std::max(now_ms_, response.env.timestamp_ms);
  for (auto& p : response.products) {
    auto asin = p.asin;
    products_.insert_or_assign(std::move(asin), std::move(p));
  }
}

void replay_source::add_directory(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    if (entry.is_regular_file() && entry.path().extension() == ".json")
      files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    if (!in)
      throw std::runtime_error("replay: cannot read " + file.string());
    std::ostringstream body;
    body << in.rdbuf();
    add_capture(body.str(), "file " + file.string());
  }
}

keepa::product trim_to_request(const keepa::product& full, const keepa::product_request& request) {
  keepa::product p = full;
  if (!request.history) {
    for (auto& series : p.csv)
      series.clear();
    for (auto& series : p.shipped)
      series.clear();
    p.sales_ranks.clear();
  }
  if (request.offers == 0)
    p.offers.clear();
  if (request.stats_days == 0)
    p.stats.reset();
  return p;
}

keepa::product_outcome billed_outcome(const keepa::product& p, const keepa::product_request& request) {
  keepa::product_outcome o;
  if (request.offers > 0) {
    const auto pages_asked = (request.offers + 9) / 10;
    const auto pages_held = static_cast<std::int32_t>((p.offers.size() + 9) / 10);
    o.offer_pages_found = std::min(pages_asked, pages_held);
    o.has_no_offers = p.offers.empty();
  }
  return o;
}

void replay_source::fetch_products(std::vector<std::string> asins, const keepa::product_request& request,
                                   std::function<void(product_fetch)> done) {
  product_fetch result;
  {
    std::lock_guard lock(mutex_);
    std::int64_t cost = 0;
    for (const auto& asin : asins) {
      auto it = products_.find(asin);
      if (it == products_.end())
        continue;  // Keepa leaves unknown ASINs out of the answer, too
      cost += keepa::product_cost(request, billed_outcome(it->second, request));
      result.products.push_back(trim_to_request(it->second, request));
    }
    balance_ -= cost;
    consumed_total_ += cost;
    result.env.tokens_consumed = static_cast<std::int32_t>(cost);
    result.env.tokens_left = static_cast<std::int32_t>(std::clamp<std::int64_t>(balance_, INT32_MIN, INT32_MAX));
    result.env.refill_rate = refill_per_minute_;
    result.env.refill_in_ms = 60'000;
    result.env.timestamp_ms = now_ms_;
  }
  done(std::move(result));
}

void replay_source::fetch_tokens(std::function<void(token_fetch)> done) {
  token_fetch result;
  {
    std::lock_guard lock(mutex_);
    result.env.tokens_left = static_cast<std::int32_t>(std::clamp<std::int64_t>(balance_, INT32_MIN, INT32_MAX));
    result.env.refill_rate = refill_per_minute_;
    result.env.refill_in_ms = 60'000;
    result.env.timestamp_ms = now_ms_;
  }
  done(std::move(result));
}

std::int64_t replay_source::tokens_consumed_total() const {
  std::lock_guard lock(mutex_);
  return consumed_total_;
}

std::vector<std::string> replay_source::asins() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> out;
  out.reserve(products_.size());
  for (const auto& [asin, product] : products_)
    out.push_back(asin);
  return out;
}

std::size_t replay_source::size() const {
  std::lock_guard lock(mutex_);
  return products_.size();
}

} // namespace ingest
