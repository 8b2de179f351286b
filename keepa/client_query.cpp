// Query strings of /product, /deal and /seller requests.
#include "keepa/client_query.hpp"

#include "net/url.hpp"

#include <fmt/format.h>

#include <cctype>
#include <stdexcept>

namespace keepa {

namespace {
bool alnum(const std::string& s) {
  for (unsigned char c : s)
    if (!std::isalnum(c))
      return false;
  return true;
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty())
      out.push_back(',');
    out += item;
  }
  return out;
}
} // namespace

std::string product_query(const std::vector<std::string>& asins, const product_request& r,
                          std::int32_t domain) {
  if (asins.empty() || static_cast<std::int64_t>(asins.size()) > max_asins_per_request)
    throw std::invalid_argument(
        fmt::format("/product: {} ASINs given, 1 to {} allowed", asins.size(), max_asins_per_request));
  for (std::size_t i = 0; i < asins.size(); ++i)
    if (asins[i].size() != 10 || !alnum(asins[i]))
      throw std::invalid_argument(
          fmt::format("/product: ASIN #{} '{}' is not 10 letters and digits", i, asins[i]));
  if (r.offers != 0 && (r.offers < 20 || r.offers > 100))
    throw std::invalid_argument(fmt::format("/product: offers={} is outside 20..100", r.offers));
  if (r.stock && r.offers == 0)
    throw std::invalid_argument("/product: stock=1 needs offers");
  if (r.stats_days < 0 || r.days < 0 || (r.update_hours && *r.update_hours < 0))
    throw std::invalid_argument("/product: stats, days and update must not be negative");

  std::string q = fmt::format("domain={}&asin={}", domain, joined(asins));
  if (r.stats_days > 0)
    q += fmt::format("&stats={}", r.stats_days);
  if (!r.history)
    q += "&history=0";
  if (r.offers > 0)
    q += fmt::format("&offers={}", r.offers);
  if (r.buybox)
    q += "&buybox=1";
  if (r.rating)
    q += "&rating=1";
  if (r.update_hours)
    q += fmt::format("&update={}", *r.update_hours);
  if (r.stock)
    q += "&stock=1";
  if (r.only_live_offers)
    q += "&only-live-offers=1";
  if (r.days > 0)
    q += fmt::format("&days={}", r.days);
  return q;
}

std::string selection_json(const deal_selection& s) {
  std::string cats;
  for (auto c : s.include_categories)
    cats += (cats.empty() ? "" : ",") + std::to_string(c);
  std::string out = fmt::format(
      R"({{"page":{},"domainId":{},"includeCategories":[{}],"priceTypes":[{}],"dateRange":{},)"
      R"("sortType":{},"minRating":{},"isRangeEnabled":{},"isFilterEnabled":{},"singleVariation":{})",
      s.page, s.domain_id, cats, s.price_type, s.date_range, s.sort_type, s.min_rating,
      s.is_range_enabled, s.is_filter_enabled, s.single_variation);
  auto range = [&out](const char* name, const std::optional<int_range>& r) {
    if (r)
      out += fmt::format(R"(,"{}":[{},{}])", name, (*r)[0], (*r)[1]);
  };
  range("deltaPercentRange", s.delta_percent_range);
  range("deltaRange", s.delta_range);
  range("salesRankRange", s.sales_rank_range);
  range("currentRange", s.current_range);
  out += "}";
  return out;
}

std::string deal_query(const deal_selection& selection) {
  if (selection.page < 0)
    throw std::invalid_argument(fmt::format("/deal: page {} is negative", selection.page));
  return "selection=" + net::url_encode(selection_json(selection));
}

std::string seller_query(const std::vector<std::string>& ids, std::int32_t domain) {
  if (ids.empty() || ids.size() > 100)
    throw std::invalid_argument(fmt::format("/seller: {} seller ids given, 1 to 100 allowed", ids.size()));
  for (std::size_t i = 0; i < ids.size(); ++i)
    if (ids[i].empty() || !alnum(ids[i]))
      throw std::invalid_argument(
          fmt::format("/seller: seller id #{} '{}' is not letters and digits", i, ids[i]));
  return fmt::format("domain={}&seller={}", domain, joined(ids));
}

} // namespace keepa
