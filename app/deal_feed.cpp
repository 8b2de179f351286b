#include "app/deal_feed.hpp"

#include "analysis/peek.hpp"
#include "keepa/client.hpp"
#include "keepa/pricing.hpp"

#include <spdlog/spdlog.h>

#include <unordered_set>

namespace app {

bool deal_page::last() const { return static_cast<std::int64_t>(deals.size()) < keepa::deal_page_size; }

std::shared_ptr<keepa::client> make_client(const run_config& config) {
  keepa::client_config c;
  c.base_url = config.keepa_url.empty() ? "https://api.keepa.com" : config.keepa_url;
  c.api_key = config.api_key;
  c.domain = config.domain;
  c.http.ca_file = config.ca_file;
  return std::make_shared<keepa::client>(c);
}

std::optional<deal_page> fetch_deal_page(pipeline_session& session, keepa::client& client,
                                         const keepa::deal_selection& selection) {
  const auto estimate = keepa::deal_cost(1);
  session.reserve_tokens(estimate);
  try {
    auto reply = client.deals(selection).get();
    session.settle_tokens(estimate, reply.payload.env);
    return deal_page{std::move(reply.payload.deals), reply.payload.env.timestamp_ms};
  } catch (const std::exception& e) {
    session.cancel_tokens(estimate);
    spdlog::error("deal feed page {} failed: {}", selection.page, e.what());
    return std::nullopt;
  }
}

std::vector<std::string> not_viable(const std::vector<keepa::deal>& feed, const std::vector<std::string>& chosen) {
  const std::unordered_set<std::string_view> wanted(chosen.begin(), chosen.end());
  std::vector<std::string> out;
  for (const auto& d : feed)
    if (wanted.contains(d.asin) && !analysis::peek(d).viable())
      out.push_back(d.asin);
  return out;
}

} // namespace app
