// The TOML reader of run_config; toml++ stays in this file (and analysis').
#include "app/run_config.hpp"

#include "app/build_info.hpp"

#include "net/url.hpp"

#include <toml++/toml.h>

#include <functional>
#include <map>
#include <set>
#include <sstream>

namespace app {
namespace {

struct reader {
  std::string file;
  std::string section;

  [[noreturn]] void fail(const std::string& key, const std::string& problem) const {
    throw config_error("config " + file + ": [" + section + "] " + key + ": " + problem);
  }
  std::int64_t integer(const std::string& key, const toml::node& n, std::int64_t lo, std::int64_t hi) const {
    auto v = n.value<std::int64_t>();
    if (!n.is_integer() || !v)
      fail(key, "expected an integer");
    if (*v < lo || *v > hi)
      fail(key, "value " + std::to_string(*v) + " is outside " + std::to_string(lo) + " .. " + std::to_string(hi));
    return *v;
  }
  bool boolean(const std::string& key, const toml::node& n) const {
    if (!n.is_boolean())
      fail(key, "expected true or false");
    return *n.value<bool>();
  }
  // A TOML float or integer, within [lo, hi].
  double number(const std::string& key, const toml::node& n, double lo, double hi) const {
    double v = 0;
    if (auto i = n.value_exact<std::int64_t>())
      v = static_cast<double>(*i);
    else if (auto d = n.value_exact<double>())
      v = *d;
    else
      fail(key, "expected a number");
    if (!(v >= lo && v <= hi))
      fail(key, "value " + std::to_string(v) + " is outside " + std::to_string(lo) + " .. " + std::to_string(hi));
    return v;
  }
  std::string string(const std::string& key, const toml::node& n) const {
    if (!n.is_string())
      fail(key, "expected a string");
    return *n.value<std::string>();
  }
};

using setter = std::function<void(const reader&, const std::string&, const toml::node&)>;

void read_section(const toml::table& root, const std::string& file, const std::string& section,
                  const std::map<std::string, setter>& keys) {
  const toml::node* node = root.at_path(section).node();
  if (!node)
    return;
  reader r{file, section};
  const toml::table* table = node->as_table();
  if (!table)
    r.fail("", "expected a table");
  for (const auto& [key, value] : *table) {
    const std::string name{key.str()};
    auto it = keys.find(name);
    if (it == keys.end())
      r.fail(name, "unknown key");
    it->second(r, name, value);
  }
}

// [deals]: what a deal is and which feed entries are looked at.
void read_deals(const toml::table& root, const std::string& f, run_config& c) {
  auto& feed = c.feed;
  auto& criteria = c.node.pipeline.store.criteria;
  auto& peek = c.node.pipeline.peek;
  auto dollars = [](double v) { return static_cast<std::int64_t>(v * 100 + (v < 0 ? -0.5 : 0.5)); };
  // A range given by one end keeps the other.
  auto set_end = [](std::optional<keepa::int_range>& r, int end, std::int64_t v, keepa::int_range whole) {
    if (!r)
      r = whole;
    (*r)[end] = v;
  };
  constexpr keepa::int_range any_rank{1, 100'000'000};
  constexpr keepa::int_range any_price{0, 10'000'000};
  read_section(
      root, f, "deals",
      {{"min_profit", [&](auto& r, auto& k, auto& n) { criteria.min_profit_cents = dollars(r.number(k, n, -1e6, 1e6)); }},
       {"min_margin", [&](auto& r, auto& k, auto& n) { criteria.min_margin_pct = r.number(k, n, -1000, 100); }},
       {"category", [&](auto& r, auto& k, auto& n) { feed.include_categories = {r.integer(k, n, 1, INT64_MAX)}; }},
       {"price_type",
        [&](auto& r, auto& k, auto& n) {
          static const std::map<std::string, int> types{{"amazon", 0}, {"new", 1}, {"used", 2}};
          const auto text = r.string(k, n);
          auto it = types.find(text);
          if (it == types.end())
            r.fail(k, "'" + text + "' is not amazon, new or used");
          feed.price_type = it->second;
        }},
       {"min_delta_pct",
        [&](auto& r, auto& k, auto& n) { feed.delta_percent_range = keepa::int_range{r.integer(k, n, 0, 100), 100}; }},
       {"sales_rank_min",
        [&](auto& r, auto& k, auto& n) { set_end(feed.sales_rank_range, 0, r.integer(k, n, 1, 100'000'000), any_rank); }},
       {"sales_rank_max",
        [&](auto& r, auto& k, auto& n) { set_end(feed.sales_rank_range, 1, r.integer(k, n, 1, 100'000'000), any_rank); }},
       {"price_min",
        [&](auto& r, auto& k, auto& n) { set_end(feed.current_range, 0, dollars(r.number(k, n, 0, 100000)), any_price); }},
       {"price_max",
        [&](auto& r, auto& k, auto& n) { set_end(feed.current_range, 1, dollars(r.number(k, n, 0, 100000)), any_price); }},
       {"min_rating",
        [&](auto& r, auto& k, auto& n) {
          const double stars = r.number(k, n, 0, 5);
          feed.min_rating = stars == 0 ? -1 : static_cast<std::int32_t>(stars * 10 + 0.5);
        }},
       {"peek_min_sell", [&](auto& r, auto& k, auto& n) { peek.min_sell_cents = dollars(r.number(k, n, 0, 100000)); }},
       {"peek_max_buy_over_sell",
        [&](auto& r, auto& k, auto& n) { peek.max_buy_over_sell = r.number(k, n, 0.01, 100); }},
       {"peek_min_spread_pct", [&](auto& r, auto& k, auto& n) { peek.min_spread = r.number(k, n, -100, 1000) / 100; }}});
  for (const auto* range : {&feed.sales_rank_range, &feed.current_range})
    if (*range && (**range)[0] > (**range)[1])
      throw config_error("config " + f + ": [deals] " +
                         (range == &feed.sales_rank_range ? "sales_rank_min is above sales_rank_max"
                                                          : "price_min is above price_max"));
}

} // namespace

run_config load_run_config(const std::filesystem::path& file) {
  toml::table root;
  try {
    root = toml::parse_file(file.string());
  } catch (const toml::parse_error& e) {
    std::ostringstream out;
    out << "config " << file.string() << ": " << e.description() << " at line " << e.source().begin.line;
    throw config_error(out.str());
  }
  run_config c;
  auto& node = c.node;
  const auto f = file.string();
  for (const auto& [key, value] : root) {
    static const std::set<std::string_view> sections{"store",  "keepa",  "ingest", "feed",  "backfill", "schedule",
                                                     "replay", "capture", "analysis", "deals", "notify", "log", "http"};
    if (!sections.contains(key.str()))
      throw config_error("config " + f + ": unknown section [" + std::string(key.str()) +
                         "] (known: store, keepa, ingest, feed, backfill, schedule, replay, capture, analysis, "
                         "deals, notify, log, http)");
  }
  read_section(root, f, "store",
               {{"db", [&](auto& r, auto& k, auto& n) { node.pipeline.db_file = r.string(k, n); }},
                {"retention_hours",
                 [&](auto& r, auto& k, auto& n) { node.janitor.retention_hours = r.integer(k, n, 1, 24 * 365); }}});
  read_section(root, f, "keepa",
               {{"url", [&](auto& r, auto& k, auto& n) { c.keepa_url = r.string(k, n); }},
                {"domain", [&](auto& r, auto& k, auto& n) { c.domain = r.integer(k, n, 1, 12); }},
                {"token_rate",
                 [&](auto& r, auto& k, auto& n) { node.pipeline.bucket.refill_per_minute = r.integer(k, n, 1, 100000); }},
                {"ca_file", [&](auto& r, auto& k, auto& n) { c.ca_file = r.string(k, n); }},
                {"timeout_seconds",
                 [&](auto& r, auto& k, auto& n) { c.timeout_seconds = r.integer(k, n, 1, 3600); }},
                {"max_attempts", [&](auto& r, auto& k, auto& n) { c.max_attempts = r.integer(k, n, 1, 20); }},
                {"api_key", [&](auto& r, auto& k, auto&) {
                   r.fail(k, "the key is read from the KEEPA_API_KEY environment variable only");
                 }}});
  auto& heavy = node.pipeline.profiles.heavy;
  auto& light = node.pipeline.profiles.light;
  auto& policy = node.pipeline.policy;
  // The mode sets the defaults the other [ingest] keys then adjust.
  if (const auto* mode = root.at_path("ingest.mode").node()) {
    const reader r{f, "ingest"};
    const auto text = r.string("mode", *mode);
    const auto parsed = ingest::parse_ingest_mode(text);
    if (!parsed)
      r.fail("mode", "'" + text + "' is not heavy-only, hybrid or optimal");
    policy = ingest::policy_for(*parsed);
  }
  constexpr std::int64_t hour = 3600;
  read_section(
      root, f, "ingest",
      {{"mode", [](auto&, auto&, auto&) {}},
       {"heavy_offers",
        [&](auto& r, auto& k, auto& n) {
          const auto text = r.string(k, n);
          const auto parsed = ingest::parse_offers_policy(text);
          if (!parsed)
            r.fail(k, "'" + text + "' is not never, profitable or always");
          policy.heavy_offers = *parsed;
        }},
       {"offers", [&](auto& r, auto& k, auto& n) { node.pipeline.profiles.offers.offers = r.integer(k, n, 20, 100); }},
       {"offers_min_margin",
        [&](auto& r, auto& k, auto& n) { policy.offers_min_margin_pct = static_cast<double>(r.integer(k, n, 0, 1000)); }},
       {"light_max_age_hours",
        [&](auto& r, auto& k, auto& n) { policy.light_max_age_seconds = r.integer(k, n, 0, 24 * 365) * hour; }},
       {"reject_cooldown_hours",
        [&](auto& r, auto& k, auto& n) { policy.reject_cooldown_seconds = r.integer(k, n, 0, 24 * 365) * hour; }},
       {"reject_retry_drop_pct",
        [&](auto& r, auto& k, auto& n) { policy.reject_retry_drop_pct = static_cast<double>(r.integer(k, n, 1, 100)); }},
       {"chunk_size", [&](auto& r, auto& k, auto& n) { node.pipeline.chunk_size = r.integer(k, n, 1, 100); }},
       {"max_in_flight", [&](auto& r, auto& k, auto& n) { node.pipeline.max_in_flight = r.integer(k, n, 1, 64); }},
       {"heavy_stats_days", [&](auto& r, auto& k, auto& n) { heavy.stats_days = r.integer(k, n, 1, 3650); }},
       {"heavy_rating", [&](auto& r, auto& k, auto& n) { heavy.rating = r.boolean(k, n); }},
       {"heavy_buybox", [&](auto& r, auto& k, auto& n) { heavy.buybox = r.boolean(k, n); }},
       {"light_stats_days", [&](auto& r, auto& k, auto& n) { light.stats_days = r.integer(k, n, 1, 3650); }},
       {"light_offers", [&](auto& r, auto& k, auto& n) { light.offers = r.integer(k, n, 0, 100); }},
       {"light_buybox", [&](auto& r, auto& k, auto& n) { light.buybox = r.boolean(k, n); }}});
  read_section(root, f, "feed",
               {{"interval_seconds",
                 [&](auto& r, auto& k, auto&) { r.fail(k, "moved: use [schedule] refill_minutes"); }},
                {"max_pages",
                 [&](auto& r, auto& k, auto& n) {
                   node.refill.max_pages = node.backfill.max_pages = r.integer(k, n, 1, 67);
                 }},
                {"max_new_deals",
                 [&](auto& r, auto& k, auto& n) { node.refill.max_new_deals = r.integer(k, n, 1, 10000); }},
                {"max_wait_minutes",
                 [&](auto& r, auto& k, auto& n) { node.refill.max_wait_minutes = r.integer(k, n, 1, 24 * 60); }}});
  read_section(root, f, "backfill",
               {{"chunk_size", [&](auto& r, auto& k, auto& n) { node.backfill.chunk_size = r.integer(k, n, 1, 100); }},
                {"max_deals", [&](auto& r, auto& k, auto& n) { node.backfill.max_deals = r.integer(k, n, 1, 100000); }},
                {"floor_hours",
                 [&](auto& r, auto& k, auto& n) { node.backfill.floor_hours = r.integer(k, n, 0, 24 * 365); }}});
  read_section(root, f, "schedule",
               {{"refill_minutes",
                 [&](auto& r, auto& k, auto& n) { node.schedule.refill_every = std::chrono::minutes(r.integer(k, n, 1, 1440)); }},
                {"backfill_minutes",
                 [&](auto& r, auto& k, auto& n) {
                   node.schedule.backfill_every = std::chrono::minutes(r.integer(k, n, 1, 7 * 1440));
                 }},
                {"janitor_hours",
                 [&](auto& r, auto& k, auto& n) { node.schedule.janitor_every = std::chrono::hours(r.integer(k, n, 1, 24 * 7)); }},
                {"jobs", [&](auto& r, auto& k, auto& n) {
                   try {
                     node.jobs = parse_job_list(r.string(k, n));
                   } catch (const config_error& e) {
                     r.fail(k, e.what());
                   }
                 }}});
  read_section(root, f, "capture",
               {{"dir", [&](auto& r, auto& k, auto& n) { c.capture_dir = r.string(k, n); }},
                {"max_mb", [&](auto& r, auto& k, auto& n) { c.capture_max_mb = r.integer(k, n, 1, 1 << 20); }}});
  read_section(root, f, "replay",
               {{"dir", [&](auto& r, auto& k, auto& n) { c.replay_dir = r.string(k, n); }},
                {"demo_capture", [&](auto& r, auto& k, auto& n) { c.demo_capture = r.string(k, n); }},
                {"demo_products",
                 [&](auto& r, auto& k, auto& n) {
                   c.demo_products = r.integer(k, n, 1, 1000000);
                   c.synthetic_demo = true;
                 }},
                {"demo_seed", [&](auto& r, auto& k, auto& n) {
                   c.demo_seed = r.integer(k, n, 0, INT64_MAX);
                   c.synthetic_demo = true;
                 }}});
  auto& llm = c.llm;
  read_section(root, f, "analysis.llm",
               {{"base_url", [&](auto& r, auto& k, auto& n) { llm.base_url = r.string(k, n); }},
                {"model", [&](auto& r, auto& k, auto& n) { llm.model = r.string(k, n); }},
                {"api_key_env", [&](auto& r, auto& k, auto& n) { llm.api_key_env = r.string(k, n); }},
                {"daily_cap", [&](auto& r, auto& k, auto& n) { llm.daily_cap = r.integer(k, n, 0, 1000000); }},
                {"timeout_ms",
                 [&](auto& r, auto& k, auto& n) { llm.timeout = std::chrono::milliseconds(r.integer(k, n, 1, 600000)); }},
                {"cache_path", [&](auto& r, auto& k, auto& n) { llm.cache_path = r.string(k, n); }}});
  read_deals(root, f, c);
  read_section(root, f, "log",
               {{"format",
                 [&](auto& r, auto& k, auto& n) {
                   c.log_format = r.string(k, n);
                   if (c.log_format != "text" && c.log_format != "json")
                     r.fail(k, "'" + c.log_format + "' is not text or json");
                 }},
                {"file", [&](auto& r, auto& k, auto& n) { c.log_file = r.string(k, n); }}});
  auto& notify = node.notify;
  read_section(
      root, f, "notify",
      {{"webhook_url",
        [&](auto& r, auto& k, auto& n) {
          notify.webhook_url = r.string(k, n);
          try {
            if (!notify.webhook_url.empty())
              net::parse_url(notify.webhook_url);
          } catch (const std::exception& e) {
            r.fail(k, e.what());
          }
        }},
       {"drop_pct",
        [&](auto& r, auto& k, auto& n) { node.pipeline.store.price_drop_fraction = r.number(k, n, 0.1, 100) / 100; }},
       {"timeout_ms",
        [&](auto& r, auto& k, auto& n) { notify.timeout = std::chrono::milliseconds(r.integer(k, n, 1, 600000)); }},
       {"first_retry_ms",
        [&](auto& r, auto& k, auto& n) {
          notify.retry.first_backoff = std::chrono::milliseconds(r.integer(k, n, 1, 3600000));
        }},
       {"max_retry_ms",
        [&](auto& r, auto& k, auto& n) {
          notify.retry.max_backoff = std::chrono::milliseconds(r.integer(k, n, 1, 24 * 3600000LL));
        }},
       {"poll_seconds",
        [&](auto& r, auto& k, auto& n) { notify.poll_every = std::chrono::seconds(r.integer(k, n, 1, 86400)); }}});
  read_section(root, f, "http",
               {{"listen", [&](auto& r, auto& k, auto& n) { c.http.listen = r.string(k, n); }},
                {"allow_remote", [&](auto& r, auto& k, auto& n) { c.http.allow_remote = r.boolean(k, n); }}});
  try {
    http_listen(c.http);
  } catch (const config_error& e) {
    throw config_error("config " + f + ": " + e.what());
  }
  for (int offers : {light.offers})
    if (offers != 0 && offers < 20)
      throw config_error("config " + f + ": [ingest] offers must be 0 or 20..100, got " + std::to_string(offers));
  node.pipeline.settings = analysis::load_settings(f);
  return c;
}

std::filesystem::path default_demo_capture() { return bundled_demo_capture(); }

void finish_run_config(run_config& config) {
  config.node.backfill.selection = config.feed;
  config.node.refill.selection = config.feed;
  config.node.refill.selection.sort_type = kd::refiller_config::newest_first().sort_type;
}

run_mode mode_of(const run_config& config) {
  if (config.replay_dir)
    return run_mode::replay_dir;
  if (!config.keepa_url.empty() || !config.api_key.empty())
    return run_mode::node;
  return run_mode::embedded_replay;
}

void check_node_config(const run_config& config) {
  const std::string url = config.keepa_url.empty() ? keepa_api_url : config.keepa_url;
  net::url parsed;
  try {
    parsed = net::parse_url(url);
  } catch (const std::exception& e) {
    throw config_error(std::string("--keepa-url / [keepa] url: ") + e.what());
  }
  if (parsed.host != "127.0.0.1" && parsed.host != "localhost" && config.api_key.empty())
    throw config_error("the Keepa API needs a key: set KEEPA_API_KEY in the environment (or point --keepa-url at "
                       "the mock server, e.g. http://127.0.0.1:PORT)");
}

std::optional<net::listen_address> http_listen(const http_settings& http) {
  if (http.listen.empty())
    return std::nullopt;
  net::listen_address a;
  try {
    a = net::parse_listen_address(http.listen);
  } catch (const std::invalid_argument& e) {
    throw config_error(std::string("[http] listen: ") + e.what());
  }
  if (!a.loopback && !http.allow_remote)
    throw config_error("[http] listen: '" + http.listen +
                       "' is not a loopback address, so other machines could read the status page and "
                       "/metrics; use 127.0.0.1:PORT, or set [http] allow_remote = true to serve them");
  return a;
}

bool is_local_mock(const run_config& config) {
  if (config.keepa_url.empty())
    return false;
  try {
    const auto host = net::parse_url(config.keepa_url).host;
    return host == "127.0.0.1" || host == "localhost";
  } catch (const std::exception&) {
    return false;
  }
}

kd::job_switches parse_job_list(const std::string& list) {
  kd::job_switches jobs{false, false, false};
  std::stringstream in(list);
  std::string name;
  while (std::getline(in, name, ',')) {
    if (name == "refill")
      jobs.refill = true;
    else if (name == "backfill")
      jobs.backfill = true;
    else if (name == "janitor")
      jobs.janitor = true;
    else
      throw config_error("unknown job '" + name + "' (known: refill, backfill, janitor)");
  }
  if (!jobs.refill && !jobs.backfill && !jobs.janitor)
    throw config_error("no job named in '" + list + "' (known: refill, backfill, janitor)");
  return jobs;
}

} // namespace app
