// The jobs drive the pipeline from the command's own thread: they are not
// actors, so they may wait on the router's reply.
#include "app/run_jobs.hpp"

#include "actors/pipeline.hpp"
#include "analysis/peek.hpp"
#include "ingest/client_source.hpp"
#include "ingest/feed_window.hpp"
#include "ingest/replay_source.hpp"
#include "keepa/client.hpp"
#include "keepa/time.hpp"
#include "synth/capture.hpp"
#include "synth/universe.hpp"

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/scoped_actor.hpp>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <thread>
#include <unordered_set>

namespace app {
namespace {

using namespace std::chrono_literals;

constexpr const char* watermark_key = "refiller.watermark";

kd::pipeline_config pipeline_config_of(const run_config& c, const char* source_label) {
  kd::pipeline_config p;
  p.db_file = c.db;
  p.profiles = c.profiles;
  p.settings = c.settings;
  p.bucket = {c.token_rate, 60 * static_cast<std::int64_t>(c.token_rate)};
  p.chunk_size = c.chunk_size;
  p.max_in_flight = c.max_in_flight;
  p.source_label = source_label;
  // Off unless [analysis.llm] names a base URL and its key variable is set.
  p.advisor = analysis::make_llm_advisor(c.llm);
  return p;
}

// Asks the pipeline to take `asins`; the reply comes once rows are committed.
// `not_viable`: new ASINs not worth a heavy fetch (the feed's free peek).
std::optional<kd::route_summary> route(caf::actor_system& sys, const kd::pipeline& p, std::vector<std::string> asins,
                                       std::vector<std::string> not_viable = {}) {
  caf::scoped_actor self{sys};
  std::optional<kd::route_summary> out;
  self->request(p.router, caf::infinite, kd::route_atom::value, std::move(asins), std::move(not_viable))
      .receive([&](kd::route_summary& s) { out = std::move(s); },
               [&](caf::error& e) { spdlog::error("routing failed: {}", sys.render(e)); });
  return out;
}

std::uint64_t run_janitor(caf::actor_system& sys, const kd::pipeline& p, std::int64_t now, std::int32_t hours) {
  caf::scoped_actor self{sys};
  std::uint64_t deleted = 0;
  self->request(p.writer, caf::infinite, kd::janitor_atom::value, now - std::int64_t{hours} * 3600)
      .receive([&](std::uint64_t n) { deleted = n; },
               [&](caf::error& e) { spdlog::error("janitor failed: {}", sys.render(e)); });
  return deleted;
}

std::int64_t deal_count(caf::actor_system& sys, const kd::pipeline& p) {
  caf::scoped_actor self{sys};
  std::int64_t n = -1;
  self->request(p.writer, caf::infinite, kd::count_atom::value)
      .receive([&](std::int64_t count) { n = count; },
               [&](caf::error& e) { spdlog::error("count failed: {}", sys.render(e)); });
  return n;
}

void log_path(const char* name, const kd::path_summary& s) {
  spdlog::info("{} path: {} ASINs in {} requests, {} written, {} not deals, {} missing, {} failed; "
               "{} tokens (estimated {})",
               name, s.requested, s.requests, s.written, s.rejected, s.missing.size(), s.failed.size(),
               s.tokens_consumed, s.tokens_estimated);
}

void print_pass(const std::string& name, const kd::route_summary& s) {
  log_path("heavy", s.heavy);
  log_path("light", s.light);
  if (!s.skipped.empty())
    spdlog::info("peek: {} new deals ruled out from the feed's own figures, no token spent", s.skipped.size());
  fmt::print("{}: {} new deals analysed ({} written, {} not deals) for {} tokens; "
             "{} known deals refreshed for {} tokens\n",
             name, s.heavy.requested, s.heavy.written, s.heavy.rejected, s.heavy.tokens_consumed,
             s.light.written, s.light.tokens_consumed);
}

bool fully_written(const kd::route_summary& s) { return s.heavy.failed.empty() && s.light.failed.empty(); }

void capture_universe(const synth::universe& u, ingest::replay_source& replay) {
  replay.add_capture(synth::capture_of(u), "synthetic capture");
}

// The original's peek, from the figures each feed entry already carries.
std::vector<std::string> not_viable(const std::vector<keepa::deal>& feed, const std::vector<std::string>& chosen) {
  const std::unordered_set<std::string_view> wanted(chosen.begin(), chosen.end());
  std::vector<std::string> out;
  for (const auto& d : feed)
    if (wanted.contains(d.asin) && !analysis::peek(d).viable())
      out.push_back(d.asin);
  return out;
}

} // namespace

int run_embedded(const run_config& config) {
  spdlog::info("embedded default: {} synthetic books (seed {}) replayed into {}", config.demo_products,
               config.demo_seed, config.db.string());
  synth::universe u({.products = config.demo_products, .seed = config.demo_seed});
  auto replay = std::make_shared<ingest::replay_source>(config.token_rate);
  capture_universe(u, *replay);

  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  auto pipeline = kd::spawn_pipeline(sys, pipeline_config_of(config, storage::source_backfiller), replay);
  std::vector<std::string> asins;
  for (const auto& p : u.products())
    asins.push_back(p.asin);

  int rc = 0;
  auto first = route(sys, pipeline, asins);
  if (first)
    print_pass("pass 1", *first);
  u.advance_to(u.now() + config.demo_hours_between_passes * 60);
  capture_universe(u, *replay);
  auto second = route(sys, pipeline, asins);
  if (second)
    print_pass(fmt::format("pass 2 (+{} h)", config.demo_hours_between_passes), *second);
  if (!first || !second || !fully_written(*first) || !fully_written(*second))
    rc = 1;

  const auto now = keepa::to_unix(u.now());
  const auto deleted = run_janitor(sys, pipeline, now, config.retention_hours);
  const auto stored = deal_count(sys, pipeline);
  if (first && second) {
    const auto heavy_asins = first->heavy.requested + second->heavy.requested;
    const double heavy_per_asin =
        heavy_asins ? double(first->heavy.tokens_consumed + second->heavy.tokens_consumed) / double(heavy_asins) : 0;
    fmt::print("janitor: {} deals unseen for {} h deleted; {} deals stored in {}\n", deleted,
               config.retention_hours, stored, config.db.string());
    const auto pass2 = second->heavy.tokens_consumed + second->light.tokens_consumed;
    fmt::print("tokens: {} in all on the replay meter; pass 2 spent {}, where fetching every known deal "
               "heavy again (the original system) would have spent about {:.0f} (at this run's {:.1f} tokens "
               "a heavy ASIN)\n",
               replay->tokens_consumed_total(), pass2,
               heavy_per_asin * double(second->light.requested) + double(second->heavy.tokens_consumed),
               heavy_per_asin);
  }
  pipeline.stop();
  return rc;
}

int run_replay(const run_config& config) {
  auto replay = std::make_shared<ingest::replay_source>(config.token_rate);
  replay->add_directory(*config.replay_dir);
  spdlog::info("replaying {} captured products from {} into {}", replay->size(), config.replay_dir->string(),
               config.db.string());
  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  auto pipeline = kd::spawn_pipeline(sys, pipeline_config_of(config, storage::source_backfiller), replay);
  std::vector<std::string> asins = replay->asins();
  auto summary = route(sys, pipeline, asins);
  if (summary)
    print_pass("replay", *summary);
  fmt::print("{} deals stored in {}\n", deal_count(sys, pipeline), config.db.string());
  pipeline.stop();
  return summary && fully_written(*summary) ? 0 : 1;
}

int run_live(const run_config& config, const std::atomic<bool>& stop) {
  keepa::client_config client_cfg;
  client_cfg.base_url = config.keepa_url.empty() ? "https://api.keepa.com" : config.keepa_url;
  client_cfg.api_key = config.api_key;
  client_cfg.domain = config.domain;
  client_cfg.http.ca_file = config.ca_file;
  auto client = std::make_shared<keepa::client>(client_cfg);
  auto source = std::make_shared<ingest::client_source>(client);

  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  auto pipeline = kd::spawn_pipeline(sys, pipeline_config_of(config, storage::source_upserter), source);
  caf::scoped_actor self{sys};

  auto saved_watermark = [&]() -> keepa::keepa_minute {
    std::string value;
    self->request(pipeline.writer, caf::infinite, kd::state_atom::value, std::string{watermark_key})
        .receive([&](std::string& v) { value = std::move(v); }, [&](caf::error&) {});
    return value.empty() ? 0 : static_cast<keepa::keepa_minute>(std::stoll(value));
  };

  int rc = 0;
  auto last_janitor = std::chrono::steady_clock::time_point{};
  while (!stop) {
    // The feed: page by page, each page's 5 tokens drawn from the bucket.
    std::vector<keepa::deal> feed;
    keepa::deal_selection selection;
    selection.sort_type = 1;  // newest first: the watermark rule needs time order
    bool feed_ok = true;
    std::int64_t server_now_ms = 0;
    for (int page = 0; page < config.max_pages && !stop; ++page) {
      selection.page = page;
      std::int64_t estimate = keepa::deal_cost(1);
      self->request(pipeline.bucket, caf::infinite, kd::reserve_atom::value, estimate)
          .receive([](std::int64_t) {}, [](caf::error&) {});
      try {
        auto reply = client->deals(selection).get();
        self->send(pipeline.bucket, kd::settle_atom::value, estimate, reply.payload.env);
        server_now_ms = reply.payload.env.timestamp_ms;
        const auto n = reply.payload.deals.size();
        for (auto& d : reply.payload.deals)
          feed.push_back(std::move(d));
        if (n < keepa::deal_page_size)
          break;
      } catch (const std::exception& e) {
        self->send(pipeline.bucket, kd::cancel_atom::value, estimate);
        spdlog::error("deal feed page {} failed: {}", page, e.what());
        feed_ok = false;
        break;
      }
    }
    if (feed_ok && !stop) {
      const auto watermark = saved_watermark();
      auto window = ingest::choose_new_deals(feed, watermark, config.max_new_deals);
      spdlog::info("feed: {} deals, {} new since watermark {}", feed.size(), window.asins.size(), watermark);
      if (!window.asins.empty()) {
        auto summary = route(sys, pipeline, window.asins, not_viable(feed, window.asins));
        if (summary)
          print_pass("refill", *summary);
        // The watermark moves only when every chosen deal's row is committed.
        if (summary && fully_written(*summary) && window.next_watermark != watermark) {
          storage::write_batch batch;
          batch.state.push_back({watermark_key, std::to_string(window.next_watermark),
                                 keepa::to_unix(window.next_watermark)});
          self->request(pipeline.writer, caf::infinite, kd::write_atom::value, std::move(batch))
              .receive([](storage::batch_result&) {},
                       [&](caf::error& e) { spdlog::error("watermark not saved: {}", sys.render(e)); });
        } else if (!summary || !fully_written(*summary)) {
          spdlog::warn("watermark stays at {}: some deals were not written and stay queued", watermark);
          rc = 1;
        }
      }
    } else if (!feed_ok) {
      rc = 1;
    }
    const auto now_steady = std::chrono::steady_clock::now();
    if (now_steady - last_janitor >= 4h) {
      // Rows carry the server's time, so the janitor judges them by it too.
      const auto now = server_now_ms > 0 ? server_now_ms / 1000
                                         : std::chrono::duration_cast<std::chrono::seconds>(
                                               std::chrono::system_clock::now().time_since_epoch())
                                               .count();
      spdlog::info("janitor: {} deals unseen for {} h deleted",
                   run_janitor(sys, pipeline, now, config.retention_hours), config.retention_hours);
      last_janitor = now_steady;
    }
    if (config.once)
      break;
    for (int waited = 0; waited < config.interval_seconds * 10 && !stop; ++waited)
      std::this_thread::sleep_for(100ms);
  }
  spdlog::info("stopping: {} deals stored in {}", deal_count(sys, pipeline), config.db.string());
  pipeline.stop();
  return rc;
}

} // namespace app
