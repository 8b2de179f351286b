#include "capture/capture_source.hpp"

#include "ingest/replay_source.hpp"
#include "keepa/client_query.hpp"
#include "keepa/parse.hpp"
#include "net/gzip.hpp"

#include <fmt/format.h>

#include <fstream>
#include <set>
#include <sstream>

namespace capture {
namespace {

constexpr std::size_t max_body_bytes = std::size_t{1} << 30;
constexpr std::size_t unanswered_examples = 10;

std::string product_key(std::string_view profile, std::string_view asin) {
  return std::string(profile) + " " + std::string(asin);
}

std::string inflate_body(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in)
    throw std::runtime_error("cannot read " + file.string());
  std::ostringstream packed;
  packed << in.rdbuf();
  return net::gunzip(packed.str(), max_body_bytes);
}

std::string recorded_failure(const recorded_call& c) {
  if (c.status == 0)
    return fmt::format("GET {}?{}: recorded with no answer: {}", c.path, c.query, c.failure);
  return fmt::format("GET {}?{}: recorded answer was HTTP {}", c.path, c.query, c.status);
}

} // namespace

capture_source::capture_source(recorded_session session, std::int32_t domain)
    : session_(std::move(session)), domain_(domain), used_(session_.calls.size(), false) {
  for (std::size_t i = 0; i < session_.calls.size(); ++i) {
    const auto& c = session_.calls[i];
    if (c.path == "/product") {
      const auto profile = split_product_query(c.query).first;
      for (const auto& asin : c.asins)
        by_product_[product_key(profile, asin)].push_back(i);
    } else {
      by_query_[c.path + "?" + c.query].push_back(i);
    }
  }
}

std::optional<std::size_t> capture_source::take(const std::string& key) {
  auto it = by_query_.find(key);
  if (it == by_query_.end() || it->second.empty())
    return std::nullopt;
  const std::size_t call = it->second.front();
  it->second.pop_front();
  used_[call] = true;
  return call;
}

void capture_source::unanswered(std::string what) {
  ++counters_.unanswered;
  if (counters_.unanswered_examples.size() < unanswered_examples)
    counters_.unanswered_examples.push_back(std::move(what));
}

// One parsed body at a time: a node asks for a recorded chunk's ASINs
// together, so this is nearly always the only parse of that body.
const keepa::product_response& capture_source::products_of(std::size_t call) {
  if (cached_call_ != call) {
    const auto& c = session_.calls[call];
    cached_.reset();
    cached_call_ = SIZE_MAX;
    cached_ = std::make_unique<keepa::product_response>(
        keepa::parse_product_response(inflate_body(c.body), "capture " + c.body.string()));
    cached_call_ = call;
  }
  return *cached_;
}

void capture_source::fetch_products(std::vector<std::string> asins, const keepa::product_request& request,
                                    std::function<void(ingest::product_fetch)> done) {
  done([&] {
    ingest::product_fetch result;
    std::lock_guard lock(mutex_);
    std::string query;
    try {
      query = keepa::product_query(asins, request, domain_);
    } catch (const std::invalid_argument& e) {
      result.error = e.what();
      return result;
    }
    const auto profile = split_product_query(query).first;
    // Which recorded call answers each ASIN, first recorded first.
    std::vector<std::pair<std::string, std::size_t>> plan;
    std::vector<std::string> missing;
    for (const auto& asin : asins) {
      auto it = by_product_.find(product_key(profile, asin));
      if (it == by_product_.end() || it->second.empty()) {
        missing.push_back(asin);
        continue;
      }
      plan.emplace_back(asin, it->second.front());
      it->second.pop_front();
      used_[plan.back().second] = true;
    }
    if (plan.empty()) {
      unanswered(fmt::format("GET /product?{}", query));
      counters_.asins_unanswered += static_cast<std::int64_t>(missing.size());
      result.error = fmt::format("replay: the capture holds no answer for GET /product?{}", query);
      return result;
    }
    // A recorded failure fails the request, as it failed the recorded node.
    for (const auto& [asin, call] : plan) {
      const auto& c = session_.calls[call];
      if (c.status != 200) {
        ++counters_.recorded_failures;
        ++counters_.answered;
        result.error = recorded_failure(c);
        if (c.env)
          result.env = *c.env;
        return result;
      }
    }
    std::set<std::size_t> calls_used;
    std::int64_t billed = 0;
    try {
      for (const auto& [asin, call] : plan) {
        calls_used.insert(call);
        const auto& answer = products_of(call);
        for (const auto& p : answer.products)
          if (p.asin == asin) {
            billed += keepa::product_cost(request, ingest::billed_outcome(p, request));
            result.products.push_back(p);
            break;
          }
        result.env = answer.env;
      }
    } catch (const std::exception& e) {
      result.products.clear();
      result.error = std::string("replay: ") + e.what();
      return result;
    }
    const auto& only = session_.calls[*calls_used.begin()];
    const bool as_recorded = calls_used.size() == 1 && missing.empty() && only.asins.size() == asins.size();
    if (!as_recorded)
      result.env.tokens_consumed = static_cast<std::int32_t>(billed);
    counters_.asins_unanswered += static_cast<std::int64_t>(missing.size());
    if (!missing.empty())
      unanswered(fmt::format("GET /product?{} ({} of its ASINs)", profile, missing.size()));
    else
      ++counters_.answered;
    return result;
  }());
}

void capture_source::fetch_deals(const keepa::deal_selection& selection, std::function<void(ingest::deal_fetch)> done) {
  done([&] {
    ingest::deal_fetch result;
    std::lock_guard lock(mutex_);
    const std::string key = "/deal?" + keepa::deal_query(selection);
    const auto call = take(key);
    if (!call) {
      unanswered("GET " + key);
      result.error = "replay: the capture holds no answer for GET " + key;
      return result;
    }
    const auto& c = session_.calls[*call];
    ++counters_.answered;
    if (c.env)
      result.env = *c.env;
    if (c.status != 200) {
      ++counters_.recorded_failures;
      result.error = recorded_failure(c);
    } else {
      try {
        auto page = keepa::parse_deal_response(inflate_body(c.body), "capture " + c.body.string());
        result.env = page.env;
        result.deals = std::move(page.deals);
      } catch (const std::exception& e) {
        result.error = std::string("replay: ") + e.what();
      }
    }
    return result;
  }());
}

void capture_source::fetch_tokens(std::function<void(ingest::token_fetch)> done) {
  done([&] {
    ingest::token_fetch result;
    std::lock_guard lock(mutex_);
    const auto call = take("/token?");
    if (!call) {
      unanswered("GET /token");
      result.error = "replay: the capture holds no answer for GET /token";
    } else {
      const auto& c = session_.calls[*call];
      ++counters_.answered;
      if (c.env)
        result.env = *c.env;
      if (c.status != 200) {
        ++counters_.recorded_failures;
        result.error = recorded_failure(c);
      }
    }
    return result;
  }());
}

std::size_t capture_source::calls_left() const {
  std::lock_guard lock(mutex_);
  return static_cast<std::size_t>(std::count(used_.begin(), used_.end(), false));
}

replay_counters capture_source::counters() const {
  std::lock_guard lock(mutex_);
  replay_counters out = counters_;
  out.calls_unused = static_cast<std::int64_t>(std::count(used_.begin(), used_.end(), false));
  return out;
}

} // namespace capture
