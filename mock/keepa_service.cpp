// The mock's endpoints: validation, admission by the token bucket, billing
// through keepa/pricing, faults, counters, and the /mock/* control endpoints.
#include "mock/keepa_service.hpp"

#include "keepa/pricing.hpp"
#include "mock/control_endpoints.hpp"
#include "mock/deal_feed.hpp"
#include "mock/envelope_json.hpp"
#include "mock/fault_queue.hpp"
#include "mock/history_window.hpp"
#include "mock/product_billing.hpp"
#include "mock/query.hpp"
#include "mock/replay_store.hpp"
#include "mock/request_error.hpp"
#include "mock/seller_directory.hpp"
#include "mock/server_clock.hpp"
#include "mock/token_bucket.hpp"
#include "mock/utc_time.hpp"
#include "synth/render.hpp"
#include "synth/universe.hpp"

#include <algorithm>
#include <limits>
#include <mutex>
#include <optional>
#include <unordered_map>

namespace mock {
namespace {

using steady = std::chrono::steady_clock;

constexpr std::int64_t served_domain = 1;  // amazon.com: the universe is US books
constexpr std::int64_t max_stats_days = 100'000;

keepa::keepa_minute minute_of(std::int64_t unix_ms) { return keepa::to_keepa_minute(unix_ms / 1000); }

std::int32_t clamp32(std::int64_t v) {
  return static_cast<std::int32_t>(
      std::clamp<std::int64_t>(v, std::numeric_limits<std::int32_t>::min(), std::numeric_limits<std::int32_t>::max()));
}

bool valid_asin(std::string_view asin) {
  return asin.size() == 10 &&
         std::all_of(asin.begin(), asin.end(), [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); });
}

std::string upper(std::string text) {
  for (char& c : text)
    if (c >= 'a' && c <= 'z')
      c = static_cast<char>(c - 'a' + 'A');
  return text;
}

void require_domain(const query& q) {
  const auto domain = q.optional_integer("domain", 1, 12);
  if (!domain)
    throw invalid_parameter("parameter domain is required (1 = amazon.com)");
  if (*domain != served_domain)
    throw invalid_parameter("parameter domain=" + std::to_string(*domain) + " is not served: the mock holds amazon.com (domain=1) only");
}

// The priced parameters of a /product request, validated by name.
keepa::product_request product_request_of(const query& q) {
  keepa::product_request r;
  if (const std::string* stats = q.find("stats")) {
    // Keepa takes days or a date range "yyyy-mm-dd,yyyy-mm-dd"; both are free.
    if (stats->find(',') != std::string::npos) {
      if (split_list(*stats).size() != 2)
        throw invalid_parameter("parameter stats must be days or a date range 'from,to', got '" + *stats + "'");
      r.stats_days = 1;
    } else {
      r.stats_days = static_cast<std::int32_t>(q.integer("stats", 0, 0, max_stats_days));
    }
  }
  r.history = !q.has("history") || q.flag("history");
  const std::int64_t offers = q.integer("offers", 0, 0, 100);
  if (offers != 0 && offers < 20)
    throw invalid_parameter("parameter offers must be 20..100, got " + std::to_string(offers));
  r.offers = static_cast<std::int32_t>(offers);
  r.buybox = q.flag("buybox");
  r.rating = q.flag("rating");
  r.stock = q.flag("stock");
  r.only_live_offers = q.flag("only-live-offers");
  if (const auto update = q.optional_integer("update", -1, 1'000'000); update && *update >= 0)
    r.update_hours = static_cast<std::int32_t>(*update);
  r.days = static_cast<std::int32_t>(q.integer("days", 0, 0, max_stats_days));
  return r;
}

std::vector<std::string> asins_of(const query& q) {
  const std::string* text = q.find("asin");
  if (q.has("code") && !text)
    throw invalid_parameter("parameter code (lookup by EAN/UPC) is not served by the mock; use asin");
  std::vector<std::string> asins = text ? split_list(*text) : std::vector<std::string>{};
  if (asins.empty())
    throw invalid_parameter("parameter asin is required: a comma-separated list of up to 100 ASINs");
  if (asins.size() > static_cast<std::size_t>(keepa::max_asins_per_request))
    throw invalid_parameter("parameter asin holds " + std::to_string(asins.size()) + " ASINs; at most " +
                            std::to_string(keepa::max_asins_per_request) + " are allowed per request");
  std::vector<std::string> unique;  // an ASIN asked for twice is answered and billed once
  for (std::size_t i = 0; i < asins.size(); ++i) {
    std::string asin = upper(std::move(asins[i]));
    if (!valid_asin(asin))
      throw invalid_parameter("parameter asin item " + std::to_string(i) + " ('" + asin +
                              "') is not an ASIN of 10 letters or digits");
    if (std::find(unique.begin(), unique.end(), asin) == unique.end())
      unique.push_back(std::move(asin));
  }
  return unique;
}

std::string selection_text_of(std::string_view method, const query& q, std::string_view body) {
  if (const std::string* selection = q.find("selection"))
    return *selection;
  if (method == "POST") {
    while (!body.empty() && (body.front() == ' ' || body.front() == '\n' || body.front() == '\r'))
      body.remove_prefix(1);
    constexpr std::string_view form_prefix = "selection=";
    if (body.starts_with(form_prefix))
      return percent_decode(body.substr(form_prefix.size()), "the POST body's selection");
    return std::string(body);
  }
  return {};
}

// A body a JSON parser must reject though it arrives intact and well gzipped.
void corrupt_json(std::string& body) {
  body.resize(body.size() / 2);
  body += "\x01<injected malformed JSON>";
}

} // namespace

struct keepa_service::state {
  server_options options;
  std::mutex mutex;
  server_clock clock;
  token_bucket bucket;
  std::optional<synth::universe> universe;
  std::optional<replay_store> replay;
  fault_queue faults;
  std::unordered_map<std::string, keepa::keepa_minute> offers_fetched;
  server_stats counters;

  explicit state(const server_options& o)
      : options(o), clock(o.simulated_clock, o.start_ms), bucket(o.token_rate, clock.now_ms(), o.initial_tokens) {
    if (o.universe_products > 1'000'000)
      throw std::invalid_argument("universe size must be at most 1,000,000 products, got " +
                                  std::to_string(o.universe_products));
    if (o.history_days < 1)
      throw std::invalid_argument("history days must be at least 1, got " + std::to_string(o.history_days));
    if (o.start_ms < keepa::to_unix(1) * 1000)
      throw std::invalid_argument("start time must be after Keepa's epoch, 2011-01-01 UTC; got " +
                                  std::to_string(o.start_ms) + " ms");
    for (const char* name : {"product", "deal", "seller"})
      counters.tokens_charged[name] = 0;
    if (!o.replay_dir.empty()) {
      replay.emplace(o.replay_dir);
      return;
    }
    synth::universe_options u;
    u.products = o.universe_products;
    u.seed = o.seed;
    u.history_days = o.history_days;
    u.now = minute_of(o.start_ms);
    if (o.prebuilt) {
      if (o.prebuilt->size() != o.universe_products || o.prebuilt->now() != u.now)
        throw std::invalid_argument("the prebuilt universe does not match universe_products and start_ms");
      universe.emplace(*o.prebuilt);
      return;
    }
    try {
      universe.emplace(u);
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument("start time " + format_utc(o.start_ms) + " does not fit: " + e.what());
    }
  }

  keepa::envelope envelope(std::int64_t now_ms, std::int64_t consumed, steady::time_point started) const {
    keepa::envelope env;
    env.timestamp_ms = now_ms;
    env.tokens_left = clamp32(bucket.balance());
    env.tokens_consumed = clamp32(consumed);
    env.refill_in_ms = bucket.refill_in_ms(now_ms);
    env.refill_rate = bucket.rate();
    env.token_flow_reduction = 0;
    env.processing_time_ms =
        clamp32(std::chrono::duration_cast<std::chrono::milliseconds>(steady::now() - started).count());
    return env;
  }

  void check_key(const query& q) const {
    const std::string* key = q.find("key");
    if (!key || key->empty())
      throw request_error(400, "REQUEST_REJECTED", "parameter key is missing: every Keepa request needs the API key");
    if (!options.api_key.empty() && *key != options.api_key)
      throw request_error(400, "REQUEST_REJECTED", "the API key is not valid for this server");
  }

  void admit(std::int64_t now_ms) const {
    if (!bucket.admits())
      throw request_error(429, "NOT_ENOUGH_TOKEN",
                          "not enough tokens: balance " + std::to_string(bucket.balance()) + ", next " +
                              std::to_string(bucket.rate()) + " in " + std::to_string(bucket.refill_in_ms(now_ms)) +
                              " ms");
  }

  void charge(const std::string& endpoint, std::int64_t tokens) {
    bucket.charge(tokens);
    counters.tokens_charged_total += tokens;
    counters.tokens_charged[endpoint] += tokens;
  }

  void move_universe(keepa::keepa_minute now) {
    if (universe && now > universe->now())
      universe->advance_to(now);
  }

  std::string product(const query& q, std::int64_t now_ms, const std::optional<fault>& f, std::int64_t& consumed,
                      steady::time_point started) {
    require_domain(q);
    const std::vector<std::string> asins = asins_of(q);
    const keepa::product_request request = product_request_of(q);
    admit(now_ms);
    const keepa::keepa_minute now = minute_of(now_ms);
    const std::size_t missing = f && f->kind == fault_kind::missing_products ? static_cast<std::size_t>(f->missing) : 0;
    const bool twice = f && f->kind == fault_kind::duplicate_products;

    std::vector<keepa::product_outcome> outcomes;
    auto bill = [&](const std::string& asin, product_facts facts) {
      if (const auto it = offers_fetched.find(asin); it != offers_fetched.end())
        facts.last_offers_update = std::max(facts.last_offers_update, it->second);
      const keepa::product_outcome outcome = outcome_for(request, facts, now);
      outcomes.push_back(outcome);
      if (request.offers > 0 && !outcome.offers_fresh)
        offers_fetched[asin] = now;
    };

    if (replay) {
      std::vector<std::pair<const std::string*, const replayed_product*>> found;
      for (const auto& asin : asins)
        if (const replayed_product* p = replay->find(asin))
          found.emplace_back(&asin, p);
      found.resize(found.size() - std::min(missing, found.size()));
      for (const auto& [asin, p] : found)
        bill(*asin, p->facts);
      consumed = keepa::product_cost(request, outcomes);
      charge("product", consumed);
      std::string body = "{" + envelope_members(envelope(now_ms, consumed, started)) + ",\"products\":[";
      for (std::size_t i = 0; i < found.size(); ++i) {
        if (i)
          body += ',';
        body += found[i].second->json;
        if (twice)
          body += ',' + found[i].second->json;
      }
      return body + "]}";
    }

    move_universe(now);
    // Each product is generated from its seed as of the universe's clock.
    std::vector<keepa::product> generated;
    for (const auto& asin : asins)
      if (const auto index = universe->index_of(asin))
        generated.push_back(universe->product(*index));
    generated.resize(generated.size() - std::min(missing, generated.size()));
    for (const keepa::product& p : generated)  // billed on the whole product, before the answer is cut
      bill(p.asin, facts_of(p));
    // Keepa returns at most `offers` offers and, with days=N, N days of history.
    const keepa::keepa_minute history_cutoff = now - request.days * 24 * 60;
    std::vector<const keepa::product*> found;
    found.reserve(generated.size());
    for (keepa::product& p : generated) {
      if (request.offers > 0 && p.offers.size() > static_cast<std::size_t>(request.offers))
        p.offers.resize(static_cast<std::size_t>(request.offers));
      if (request.history && request.days > 0 && has_history_before(p, history_cutoff))
        keep_history_since(p, history_cutoff);
      found.push_back(&p);
      if (twice)  // billed once, listed twice
        found.push_back(&p);
    }
    consumed = keepa::product_cost(request, outcomes);
    charge("product", consumed);
    synth::render_options render;
    render.history = request.history;
    render.offers = request.offers > 0;
    render.stats = request.stats_days > 0;
    return synth::render_product_response(found, envelope(now_ms, consumed, started), render);
  }

  std::vector<keepa::deal> listed(const deal_selection& selection) {
    std::vector<keepa::deal> out;
    if (replay)
      return out;
    move_universe(minute_of(clock.now_ms()));
    for (const std::size_t index : select_deals(*universe, selection, universe->now()))
      out.push_back(universe->deal(index));
    return out;
  }

  std::string deal(std::string_view method, const query& q, std::string_view body, std::int64_t now_ms,
                   int shift, std::int64_t& consumed, steady::time_point started) {
    const std::string text = selection_text_of(method, q, body);
    if (text.empty())
      throw invalid_parameter("parameter selection is required: the deal query JSON, as a GET parameter or the POST body");
    const deal_selection selection = parse_selection(text);
    if (selection.domain_id != served_domain)
      throw invalid_parameter("selection.domainId=" + std::to_string(selection.domain_id) +
                              " is not served: the mock holds amazon.com (1) only");
    admit(now_ms);
    consumed = keepa::deal_cost(1);
    charge("deal", consumed);

    if (replay) {
      const std::string* page = replay->deal_page(selection.page);
      return "{" + envelope_members(envelope(now_ms, consumed, started)) + ",\"deals\":" +
             (page ? *page : std::string(R"({"dr":[],"categoryIds":[],"categoryNames":[],"categoryCount":[]})")) + "}";
    }
    move_universe(minute_of(now_ms));
    const auto wanted = static_cast<std::size_t>(std::clamp<std::int64_t>(selection.page + 1, 1, 1'000'000)) *
                        static_cast<std::size_t>(keepa::deal_page_size);
    const auto matches = select_deals(*universe, selection, universe->now(), wanted);
    std::vector<keepa::deal> page;
    for (const std::size_t index : page_of(matches, selection.page, static_cast<std::size_t>(shift)))
      page.push_back(universe->deal(index));
    return synth::render_deal_response(page, envelope(now_ms, consumed, started));
  }

  std::string seller(const query& q, std::int64_t now_ms, std::int64_t& consumed, steady::time_point started) {
    require_domain(q);
    const std::string* text = q.find("seller");
    std::vector<std::string> ids = text ? split_list(*text) : std::vector<std::string>{};
    if (ids.empty())
      throw invalid_parameter("parameter seller is required: a comma-separated list of up to 100 seller ids");
    if (ids.size() > 100)
      throw invalid_parameter("parameter seller holds " + std::to_string(ids.size()) + " ids; at most 100 are allowed");
    for (std::size_t i = 0; i < ids.size(); ++i)
      if (!valid_seller_id(ids[i]))
        throw invalid_parameter("parameter seller item " + std::to_string(i) + " ('" + ids[i] +
                                "') is not a seller id of 1..20 capital letters or digits");
    // A seller asked for twice is looked up and billed once.
    std::vector<std::string> unique;
    for (auto& id : ids)
      if (std::find(unique.begin(), unique.end(), id) == unique.end())
        unique.push_back(std::move(id));
    ids = std::move(unique);
    admit(now_ms);
    std::vector<keepa::seller> sellers;
    for (const auto& id : ids) {
      const keepa::seller* known = universe ? universe->find_seller(id) : nullptr;
      sellers.push_back(known ? *known : seller_for(id));
    }
    consumed = keepa::seller_request_cost(static_cast<std::int64_t>(ids.size()));
    charge("seller", consumed);
    return synth::render_seller_response(sellers, envelope(now_ms, consumed, started));
  }

  reply answer(std::string_view method, std::string_view target, std::string_view body, steady::time_point started) {
    const std::int64_t now_ms = clock.now_ms();
    bucket.catch_up(now_ms);
    reply r;
    std::optional<fault> f;
    std::int64_t consumed = 0;
    try {
      const query q = parse_target(target);
      const std::string endpoint = q.path.size() > 1 ? q.path.substr(1) : std::string{};
      if (endpoint != "product" && endpoint != "deal" && endpoint != "seller" && endpoint != "token")
        throw request_error(404, "NOT_FOUND", "no endpoint " + q.path + ": the mock serves /product, /deal, /seller and /token");
      f = faults.take(endpoint);
      if (f) {
        switch (f->kind) {
        case fault_kind::token_storm:
          throw request_error(429, "NOT_ENOUGH_TOKEN", "not enough tokens (injected token storm)");
        case fault_kind::service_unavailable:
          throw request_error(503, "SERVICE_UNAVAILABLE", "service unavailable (injected fault)");
        case fault_kind::internal_error:
          throw request_error(500, "INTERNAL_SERVER_ERROR", "internal server error (injected fault)");
        case fault_kind::bad_gateway:
          throw request_error(502, "BAD_GATEWAY", "bad gateway (injected fault)");
        case fault_kind::reset_mid_body:
          r.reset_mid_body = true;
          break;
        case fault_kind::oversized:
          r.oversized = true;
          break;
        case fault_kind::drop_connection:
          r.drop_connection = true;
          ++counters.connections_dropped;
          ++counters.requests_total;
          return r;
        case fault_kind::slow:
          r.delay_ms = f->delay_ms;
          break;
        case fault_kind::truncated_gzip:
          r.truncate_gzip = true;
          break;
        case fault_kind::malformed_json:
        case fault_kind::missing_products:
        case fault_kind::duplicate_products:
        case fault_kind::feed_shift:
          break;
        }
      }
      if (method != "GET" && !(method == "POST" && endpoint == "deal"))
        throw request_error(405, "METHOD_NOT_ALLOWED", std::string(method) + " is not allowed on /" + endpoint);
      check_key(q);
      if (endpoint == "product")
        r.body = product(q, now_ms, f, consumed, started);
      else if (endpoint == "deal")
        r.body = deal(method, q, body, now_ms, f && f->kind == fault_kind::feed_shift ? f->shift : 0, consumed,
                      started);
      else if (endpoint == "seller")
        r.body = seller(q, now_ms, consumed, started);
      else
        r.body = "{" + envelope_members(envelope(now_ms, 0, started)) + "}";
    } catch (const request_error& e) {
      r.status = e.status();
      r.body = synth::render_error_response(keepa::api_error{e.type(), e.what(), {}}, envelope(now_ms, 0, started));
    }
    if (f && f->kind == fault_kind::malformed_json)
      corrupt_json(r.body);
    ++counters.responses_by_status[r.status];
    ++counters.requests_total;
    return r;
  }

  server_stats snapshot() {
    const std::int64_t now_ms = clock.now_ms();
    bucket.catch_up(now_ms);
    server_stats s = counters;
    s.tokens_left = bucket.balance();
    s.refill_rate = bucket.rate();
    s.clock_ms = now_ms;
    s.simulated_clock = clock.simulated();
    s.pending_faults = faults.size();
    s.universe_products = universe ? universe->size() : 0;
    s.replayed_products = replay ? replay->product_count() : 0;
    return s;
  }
};

keepa_service::keepa_service(const server_options& options) : state_(std::make_unique<state>(options)) {}
keepa_service::~keepa_service() = default;

reply keepa_service::handle(std::string_view method, std::string_view target, std::string_view body) {
  const auto started = steady::now();
  if (target.starts_with("/mock/"))
    return handle_control(*this, method, target);
  std::lock_guard lock(state_->mutex);
  return state_->answer(method, target, body, started);
}

std::vector<keepa::deal> keepa_service::listed(std::string_view selection_json) {
  std::lock_guard lock(state_->mutex);
  return state_->listed(parse_selection(selection_json));
}

server_stats keepa_service::stats() const {
  std::lock_guard lock(state_->mutex);
  return state_->snapshot();
}

void keepa_service::advance(std::chrono::milliseconds by) {
  std::lock_guard lock(state_->mutex);
  state_->clock.advance(by);
  // The bucket catches up lazily; the universe moves here so the cost of a
  // long jump is paid by the caller that asked for it, not the next request.
  state_->move_universe(minute_of(state_->clock.now_ms()));
}

std::int64_t keepa_service::now_ms() const { return state_->clock.now_ms(); }

void keepa_service::inject(const fault& f) {
  std::lock_guard lock(state_->mutex);
  state_->faults.push(f);
}

void keepa_service::clear_faults() {
  std::lock_guard lock(state_->mutex);
  state_->faults.clear();
}

void keepa_service::count_connection() {
  std::lock_guard lock(state_->mutex);
  ++state_->counters.connections_accepted;
}

} // namespace mock
