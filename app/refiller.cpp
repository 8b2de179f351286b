// The live job: the refiller against Keepa or the mock server.
#include "app/deal_feed.hpp"
#include "app/pipeline_session.hpp"
#include "app/run_jobs.hpp"
#include "ingest/client_source.hpp"
#include "ingest/feed_window.hpp"
#include "keepa/client.hpp"
#include "keepa/time.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <thread>

namespace app {
namespace {

using namespace std::chrono_literals;

constexpr const char* watermark_key = "refiller.watermark";

struct feed_walk {
  std::vector<keepa::deal> deals;
  std::int64_t server_now_ms = 0;
  bool complete = true;  // false: a page failed, so the walk is not acted on
};

// The deal feed by age, page by page until a short page (or max_pages).
feed_walk walk_feed(pipeline_session& session, keepa::client& client, int max_pages,
                    const std::atomic<bool>& stop) {
  feed_walk walk;
  keepa::deal_selection selection;
  selection.sort_type = 1;  // by age, as the watermark rule needs
  for (int page = 0; page < max_pages && !stop; ++page) {
    selection.page = page;
    auto got = fetch_deal_page(session, client, selection);
    if (!got) {
      walk.complete = false;
      break;
    }
    walk.server_now_ms = got->server_now_ms;
    std::move(got->deals.begin(), got->deals.end(), std::back_inserter(walk.deals));
    if (got->last())
      break;
  }
  return walk;
}

// Routes the deals changed since the watermark; moves the watermark only when
// every one of them is committed. Returns false when some stay queued.
bool refill(pipeline_session& session, const feed_walk& walk, std::size_t max_new) {
  const auto saved = session.state(watermark_key);
  const keepa::keepa_minute watermark = saved.empty() ? 0 : static_cast<keepa::keepa_minute>(std::stoll(saved));
  auto window = ingest::choose_new_deals(walk.deals, watermark, max_new);
  spdlog::info("feed: {} deals, {} new since watermark {}", walk.deals.size(), window.asins.size(), watermark);
  if (window.asins.empty())
    return true;
  auto summary = session.route(window.asins, not_viable(walk.deals, window.asins));
  if (summary)
    print_pass("refill", *summary);
  if (!summary || !fully_written(*summary)) {
    spdlog::warn("watermark stays at {}: some deals were not written and stay queued", watermark);
    return false;
  }
  if (window.next_watermark == watermark)
    return true;
  return session.save_state(watermark_key, std::to_string(window.next_watermark),
                            keepa::to_unix(window.next_watermark));
}

} // namespace

int run_live(const run_config& config, const std::atomic<bool>& stop) {
  auto client = make_client(config);
  pipeline_session session(config, storage::source_upserter, std::make_shared<ingest::client_source>(client));

  int rc = 0;
  auto last_janitor = std::chrono::steady_clock::time_point{};
  while (!stop) {
    auto walk = walk_feed(session, *client, config.max_pages, stop);
    if (!walk.complete || !refill(session, walk, config.max_new_deals))
      rc = 1;
    if (std::chrono::steady_clock::now() - last_janitor >= 4h) {
      // Rows carry the server's time, so the janitor judges them by it too.
      const auto now = walk.server_now_ms > 0 ? walk.server_now_ms / 1000
                                              : std::chrono::duration_cast<std::chrono::seconds>(
                                                    std::chrono::system_clock::now().time_since_epoch())
                                                    .count();
      spdlog::info("janitor: {} deals unseen for {} h deleted", session.janitor(now, config.retention_hours),
                   config.retention_hours);
      last_janitor = std::chrono::steady_clock::now();
    }
    if (config.once)
      break;
    for (int waited = 0; waited < config.interval_seconds * 10 && !stop; ++waited)
      std::this_thread::sleep_for(100ms);
  }
  spdlog::info("stopping: {} deals stored in {}", session.deal_count(), config.db.string());
  return rc;
}

} // namespace app
