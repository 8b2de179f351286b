// Keepa JSON out of the payload model; see render.hpp.
#include "synth/render.hpp"

#include "synth/json_writer.hpp"

#include <algorithm>
#include <charconv>
#include <map>

namespace synth {
namespace {

std::string_view category_name(std::int64_t id) { return id == 283155 ? "Books" : "Unknown"; }

// Without `offers`, the offer parts of stats were not requested.
void mask_offer_stats(keepa::product_stats& s) {
  for (int type = 0; type < keepa::csv_type_count; ++type) {
    if (!is_offer_only_type(type)) continue;
    s.current[type] = s.avg[type] = s.avg30[type] = s.avg90[type] = s.avg180[type] = s.avg365[type] =
        s.at_interval_start[type] = keepa::not_requested;
    s.min[type].reset();
    s.max[type].reset();
  }
  s.offer_count_fba = s.offer_count_fbm = s.retrieved_offer_count = keepa::not_requested;
  s.buy_box_price = s.buy_box_shipping = keepa::not_requested;
  s.buy_box_is_fba = false;
  s.buy_box_seller_id.clear();
  s.last_offers_update = 0;
}

void envelope_fields(json_writer& w, const keepa::envelope& env) {
  w.key("timestamp"); w.number(env.timestamp_ms);
  w.raw(','); w.key("tokensLeft"); w.number(std::int64_t{env.tokens_left});
  w.raw(','); w.key("refillIn"); w.number(std::int64_t{env.refill_in_ms});
  w.raw(','); w.key("refillRate"); w.number(std::int64_t{env.refill_rate});
  w.raw(','); w.key("tokenFlowReduction"); w.number(std::int64_t{env.token_flow_reduction});
  w.raw(','); w.key("tokensConsumed"); w.number(std::int64_t{env.tokens_consumed});
  w.raw(','); w.key("processingTimeInMs"); w.number(std::int64_t{env.processing_time_ms});
}

template <typename Range>
void int_array(json_writer& w, const Range& values) {
  w.raw('[');
  bool first = true;
  for (const auto v : values) {
    if (!first) w.raw(',');
    first = false;
    w.number(static_cast<std::int64_t>(v));
  }
  w.raw(']');
}

// Histories are most of a response: numbers go through a stack buffer that
// is appended in chunks, not one append per number.
class chunked_numbers {
public:
  explicit chunked_numbers(json_writer& w) : w_(w) {}
  ~chunked_numbers() { flush(); }
  void comma() { *at_++ = ','; }
  void number(std::int32_t v) {
    if (end_ - at_ < 16) flush();
    at_ = std::to_chars(at_, end_, v).ptr;
  }
  void flush() {
    w_.raw(std::string_view{buf_, static_cast<std::size_t>(at_ - buf_)});
    at_ = buf_;
  }

private:
  json_writer& w_;
  char buf_[8192];
  char* at_ = buf_;
  char* const end_ = buf_ + sizeof buf_;
};

void points(json_writer& w, const std::vector<keepa::point>& series) {
  w.raw('[');
  {
    chunked_numbers out(w);
    for (std::size_t i = 0; i < series.size(); ++i) {
      if (i) out.comma();
      out.number(series[i].t);
      out.comma();
      out.number(series[i].value);
    }
  }
  w.raw(']');
}

void triples(json_writer& w, const std::vector<keepa::shipped_point>& series) {
  w.raw('[');
  {
    chunked_numbers out(w);
    for (std::size_t i = 0; i < series.size(); ++i) {
      if (i) out.comma();
      out.number(series[i].t);
      out.comma();
      out.number(series[i].price);
      out.comma();
      out.number(series[i].shipping);
    }
  }
  w.raw(']');
}

void dated_array(json_writer& w, const std::array<std::optional<keepa::dated_value>, keepa::csv_type_count>& values) {
  w.raw('[');
  for (int i = 0; i < keepa::csv_type_count; ++i) {
    if (i) w.raw(',');
    if (!values[i]) {
      w.null();
      continue;
    }
    w.raw('[');
    w.number(std::int64_t{values[i]->t});
    w.raw(',');
    w.number(std::int64_t{values[i]->value});
    w.raw(']');
  }
  w.raw(']');
}

void stats_object(json_writer& w, const keepa::product_stats& s) {
  w.raw('{');
  w.key("current"); int_array(w, s.current);
  w.raw(','); w.key("avg"); int_array(w, s.avg);
  w.raw(','); w.key("avg30"); int_array(w, s.avg30);
  w.raw(','); w.key("avg90"); int_array(w, s.avg90);
  w.raw(','); w.key("avg180"); int_array(w, s.avg180);
  w.raw(','); w.key("avg365"); int_array(w, s.avg365);
  w.raw(','); w.key("atIntervalStart"); int_array(w, s.at_interval_start);
  w.raw(','); w.key("min"); dated_array(w, s.min);
  w.raw(','); w.key("max"); dated_array(w, s.max);
  w.raw(','); w.key("salesRankDrops30"); w.number(std::int64_t{s.sales_rank_drops30});
  w.raw(','); w.key("salesRankDrops90"); w.number(std::int64_t{s.sales_rank_drops90});
  w.raw(','); w.key("salesRankDrops180"); w.number(std::int64_t{s.sales_rank_drops180});
  w.raw(','); w.key("salesRankDrops365"); w.number(std::int64_t{s.sales_rank_drops365});
  w.raw(','); w.key("totalOfferCount"); w.number(std::int64_t{s.total_offer_count});
  w.raw(','); w.key("offerCountFBA"); w.number(std::int64_t{s.offer_count_fba});
  w.raw(','); w.key("offerCountFBM"); w.number(std::int64_t{s.offer_count_fbm});
  w.raw(','); w.key("retrievedOfferCount"); w.number(std::int64_t{s.retrieved_offer_count});
  w.raw(','); w.key("buyBoxPrice"); w.number(std::int64_t{s.buy_box_price});
  w.raw(','); w.key("buyBoxShipping"); w.number(std::int64_t{s.buy_box_shipping});
  w.raw(','); w.key("buyBoxIsFBA"); w.boolean(s.buy_box_is_fba);
  w.raw(','); w.key("buyBoxSellerId"); w.string_or_null(s.buy_box_seller_id);
  w.raw(','); w.key("lastOffersUpdate"); w.number(std::int64_t{s.last_offers_update});
  w.raw('}');
}

void offer_object(json_writer& w, const keepa::offer& o, std::size_t index) {
  w.raw('{');
  w.key("offerId"); w.number(static_cast<std::int64_t>(index));
  w.raw(','); w.key("lastSeen"); w.number(std::int64_t{o.last_seen});
  w.raw(','); w.key("sellerId"); w.string(o.seller_id);
  w.raw(','); w.key("offerCSV"); triples(w, o.history);
  w.raw(','); w.key("condition"); w.number(std::int64_t{o.condition});
  w.raw(','); w.key("isPrime"); w.boolean(o.is_prime);
  w.raw(','); w.key("isFBA"); w.boolean(o.is_fba);
  w.raw(','); w.key("isAmazon"); w.boolean(o.is_amazon);
  w.raw(','); w.key("isShippable"); w.boolean(true);
  w.raw(','); w.key("isPreorder"); w.boolean(false);
  w.raw(','); w.key("isWarehouseDeal"); w.boolean(false);
  w.raw(','); w.key("isScam"); w.boolean(false);
  w.raw(','); w.key("isMAP"); w.boolean(false);
  w.raw('}');
}

// Ids of categoryTree: the root, then `categories`, when the names line up so.
std::int64_t tree_id(const keepa::product& p, std::size_t i) {
  if (p.category_names.size() == p.categories.size() + 1) return i == 0 ? p.root_category : p.categories[i - 1];
  if (p.category_names.size() == p.categories.size()) return p.categories[i];
  return 0;
}

void product_object(json_writer& w, const keepa::product& p, const render_options& options) {
  w.raw('{');
  w.key("asin"); w.string(p.asin);
  w.raw(','); w.key("domainId"); w.number(std::int64_t{1});
  w.raw(','); w.key("title"); w.string(p.title);
  w.raw(','); w.key("productType"); w.number(std::int64_t{0});
  w.raw(','); w.key("rootCategory"); w.number(p.root_category);
  w.raw(','); w.key("categories"); int_array(w, p.categories);
  w.raw(','); w.key("categoryTree"); w.raw('[');
  for (std::size_t i = 0; i < p.category_names.size(); ++i) {
    if (i) w.raw(',');
    w.raw('{'); w.key("catId"); w.number(tree_id(p, i));
    w.raw(','); w.key("name"); w.string(p.category_names[i]); w.raw('}');
  }
  w.raw(']');
  w.raw(','); w.key("binding"); w.string_or_null(p.binding);
  w.raw(','); w.key("manufacturer"); w.string_or_null(p.manufacturer);
  w.raw(','); w.key("author"); w.string_or_null(p.author);
  w.raw(','); w.key("trackingSince"); w.number(std::int64_t{p.tracking_since});
  w.raw(','); w.key("listedSince"); w.number(std::int64_t{p.listed_since});
  w.raw(','); w.key("lastUpdate"); w.number(std::int64_t{p.last_update});
  w.raw(','); w.key("lastPriceChange"); w.number(std::int64_t{p.last_price_change});
  if (options.history) {
    w.raw(','); w.key("csv"); w.raw('[');
    for (int type = 0; type < keepa::csv_type_count; ++type) {
      if (type) w.raw(',');
      const bool shown = options.offers || !is_offer_only_type(type);
      if (shown && !p.shipped[type].empty()) triples(w, p.shipped[type]);
      else if (shown && !p.csv[type].empty()) points(w, p.csv[type]);
      else w.null();
    }
    w.raw(']');
    w.raw(','); w.key("salesRanks"); w.raw('{');
    for (std::size_t i = 0; i < p.sales_ranks.size(); ++i) {
      if (i) w.raw(',');
      w.raw('"'); w.number(p.sales_ranks[i].first); w.raw("\":");
      points(w, p.sales_ranks[i].second);
    }
    w.raw('}');
  }
  w.raw(','); w.key("salesRankReference"); w.number(p.root_category != 0 ? p.root_category : std::int64_t{-1});
  w.raw(','); w.key("fbaFees");
  if (p.fees) {
    w.raw('{'); w.key("pickAndPackFee"); w.number(std::int64_t{p.fees->pick_and_pack_fee}); w.raw('}');
  } else {
    w.null();
  }
  w.raw(','); w.key("referralFeePercentage");
  if (p.referral_fee_percentage) w.number(*p.referral_fee_percentage);
  else w.null();
  if (options.stats && p.stats) {
    w.raw(','); w.key("stats");
    if (options.offers) {
      stats_object(w, *p.stats);
    } else {
      keepa::product_stats masked = *p.stats;
      mask_offer_stats(masked);
      stats_object(w, masked);
    }
  }
  if (options.offers) {
    w.raw(','); w.key("offers"); w.raw('[');
    for (std::size_t i = 0; i < p.offers.size(); ++i) {
      if (i) w.raw(',');
      offer_object(w, p.offers[i], i);
    }
    w.raw(']');
    w.raw(','); w.key("liveOffersOrder"); w.raw('[');
    for (std::size_t i = 0; i < p.offers.size(); ++i) {
      if (i) w.raw(',');
      w.number(static_cast<std::int64_t>(i));
    }
    w.raw(']');
    w.raw(','); w.key("offersSuccessful"); w.boolean(true);
  } else {
    w.raw(','); w.key("liveOffersOrder"); w.null();
    w.raw(','); w.key("offersSuccessful"); w.boolean(false);
  }
  w.raw('}');
}

// Rough bytes a product will take, so the output string grows once.
std::size_t estimate(const keepa::product& p, const render_options& options) {
  std::size_t bytes = 4096 + p.title.size();
  if (options.history) {
    for (const auto& s : p.csv) bytes += s.size() * 17;
    for (const auto& s : p.shipped) bytes += s.size() * 22;
    for (const auto& s : p.sales_ranks) bytes += s.second.size() * 17;
  }
  if (options.offers)
    for (const auto& o : p.offers) bytes += 256 + o.history.size() * 22;
  return bytes;
}

} // namespace

keepa::product as_rendered(const keepa::product& p, const render_options& options) {
  keepa::product out = p;
  if (!options.history) {
    for (auto& s : out.csv) s.clear();
    for (auto& s : out.shipped) s.clear();
    out.sales_ranks.clear();
  }
  if (!options.stats) out.stats.reset();
  if (!options.offers) {
    out.offers.clear();
    for (int type = 0; type < keepa::csv_type_count; ++type) {
      if (!is_offer_only_type(type)) continue;
      out.csv[type].clear();
      out.shipped[type].clear();
    }
    if (out.stats) mask_offer_stats(*out.stats);
  }
  return out;
}

std::string render_product_response(std::span<const keepa::product* const> products,
                                    const keepa::envelope& env, const render_options& options) {
  std::size_t bytes = 256;
  for (const auto* p : products) bytes += estimate(*p, options);
  std::string out;
  out.reserve(bytes);
  json_writer w(out);
  w.raw('{');
  envelope_fields(w, env);
  w.raw(','); w.key("products"); w.raw('[');
  for (std::size_t i = 0; i < products.size(); ++i) {
    if (i) w.raw(',');
    product_object(w, *products[i], options);
  }
  w.raw("]}");
  return out;
}

std::string render_deal_response(std::span<const keepa::deal> deals, const keepa::envelope& env) {
  std::string out;
  out.reserve(512 + deals.size() * 2600);
  json_writer w(out);
  w.raw('{');
  envelope_fields(w, env);
  w.raw(','); w.key("deals"); w.raw('{'); w.key("dr"); w.raw('[');
  std::map<std::int64_t, std::int64_t> per_category;
  for (std::size_t i = 0; i < deals.size(); ++i) {
    const auto& d = deals[i];
    ++per_category[d.root_cat];
    if (i) w.raw(',');
    w.raw('{');
    w.key("asin"); w.string(d.asin);
    w.raw(','); w.key("parentAsin"); w.string_or_null(d.parent_asin);
    w.raw(','); w.key("title"); w.string(d.title);
    w.raw(','); w.key("rootCat"); w.number(d.root_cat);
    w.raw(','); w.key("categories"); int_array(w, d.categories);
    w.raw(','); w.key("image"); w.raw('[');
    for (std::size_t c = 0; c < d.image.size(); ++c) {
      if (c) w.raw(',');
      w.number(std::int64_t{static_cast<unsigned char>(d.image[c])});
    }
    w.raw(']');
    w.raw(','); w.key("current"); int_array(w, d.current);
    w.raw(','); w.key("currentSince"); int_array(w, d.current_since);
    w.raw(','); w.key("deltaLast"); int_array(w, d.delta_last);
    const std::pair<std::string_view, const std::array<keepa::per_type, keepa::deal_date_range_count>*> ranges[] = {
        {"delta", &d.delta}, {"deltaPercent", &d.delta_percent}, {"avg", &d.avg}};
    for (const auto& [name, values] : ranges) {
      w.raw(','); w.key(name); w.raw('[');
      for (int r = 0; r < keepa::deal_date_range_count; ++r) {
        if (r) w.raw(',');
        int_array(w, (*values)[r]);
      }
      w.raw(']');
    }
    w.raw(','); w.key("lastUpdate"); w.number(std::int64_t{d.last_update});
    w.raw(','); w.key("creationDate"); w.number(std::int64_t{d.creation_date});
    w.raw(','); w.key("lightningEnd"); w.number(std::int64_t{d.lightning_end});
    w.raw(','); w.key("warehouseCondition"); w.number(std::int64_t{d.warehouse_condition});
    w.raw('}');
  }
  w.raw(']');
  w.raw(','); w.key("categoryIds"); w.raw('[');
  bool first = true;
  for (const auto& [id, count] : per_category) {
    if (!first) w.raw(',');
    first = false;
    w.number(id);
  }
  w.raw(']');
  w.raw(','); w.key("categoryNames"); w.raw('[');
  first = true;
  for (const auto& [id, count] : per_category) {
    if (!first) w.raw(',');
    first = false;
    w.string(category_name(id));
  }
  w.raw(']');
  w.raw(','); w.key("categoryCount"); w.raw('[');
  first = true;
  for (const auto& [id, count] : per_category) {
    if (!first) w.raw(',');
    first = false;
    w.number(count);
  }
  w.raw("]}}");
  return out;
}

std::string render_seller_response(std::span<const keepa::seller> sellers, const keepa::envelope& env) {
  std::string out;
  out.reserve(256 + sellers.size() * 160);
  json_writer w(out);
  w.raw('{');
  envelope_fields(w, env);
  w.raw(','); w.key("sellers"); w.raw('{');
  for (std::size_t i = 0; i < sellers.size(); ++i) {
    const auto& s = sellers[i];
    if (i) w.raw(',');
    w.string(s.seller_id);
    w.raw(":{");
    w.key("domainId"); w.number(std::int64_t{1});
    w.raw(','); w.key("sellerId"); w.string(s.seller_id);
    w.raw(','); w.key("sellerName"); w.string(s.name);
    w.raw(','); w.key("currentRating"); w.number(std::int64_t{s.current_rating});
    w.raw(','); w.key("currentRatingCount"); w.number(std::int64_t{s.current_rating_count});
    w.raw('}');
  }
  w.raw("}}");
  return out;
}

std::string render_error_response(const keepa::api_error& error, const keepa::envelope& env) {
  std::string out;
  out.reserve(256 + error.message.size() + error.details.size());
  json_writer w(out);
  w.raw('{');
  envelope_fields(w, env);
  w.raw(','); w.key("error"); w.raw('{');
  w.key("type"); w.string(error.type);
  w.raw(','); w.key("message"); w.string(error.message);
  w.raw(','); w.key("details"); w.string(error.details);
  w.raw("}}");
  return out;
}

} // namespace synth
