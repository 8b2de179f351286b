// The backfill job: walks the whole deal feed from a saved cursor, a chunk of
// ASINs at a time, so a stopped or failed run resumes where it left off.
#include "app/deal_feed.hpp"
#include "app/pipeline_session.hpp"
#include "app/run_jobs.hpp"
#include "ingest/backfill_cursor.hpp"
#include "ingest/batch_split.hpp"
#include "ingest/client_source.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace app {
namespace {

constexpr const char* cursor_key = "backfiller.cursor";

ingest::backfill_cursor saved_cursor(pipeline_session& session) {
  const auto text = session.state(cursor_key);
  if (text.empty())
    return {};
  if (auto c = ingest::parse_backfill_cursor(text))
    return *c;
  spdlog::warn("backfill: saved cursor '{}' is not page:chunk; starting over from page 0", text);
  return {};
}

} // namespace

int run_backfill(const run_config& config, const std::atomic<bool>& stop) {
  auto client = make_client(config);
  pipeline_session session(config, storage::source_backfiller, std::make_shared<ingest::client_source>(client));
  auto cursor = saved_cursor(session);
  spdlog::info("backfill: from page {} chunk {}, chunks of {}, at most {} deals this run", cursor.page, cursor.chunk,
               config.backfill_chunk_size, config.backfill_max_deals);

  keepa::deal_selection selection;  // the original's query, by percent delta
  std::size_t routed = 0;
  while (!stop && cursor.page < config.max_pages) {
    selection.page = cursor.page;
    auto page = fetch_deal_page(session, *client, selection);
    if (!page)
      return 1;
    std::vector<std::string> asins;
    for (const auto& d : page->deals)
      asins.push_back(d.asin);
    auto chunks = ingest::chunked(std::move(asins), config.backfill_chunk_size);
    for (auto i = static_cast<std::size_t>(cursor.chunk); i < chunks.size(); ++i) {
      if (stop || routed >= config.backfill_max_deals) {
        spdlog::info("backfill: stopping at page {} chunk {} after {} deals", cursor.page, cursor.chunk, routed);
        return 0;
      }
      auto summary = session.route(chunks[i], not_viable(page->deals, chunks[i]));
      if (!summary || !fully_written(*summary)) {
        spdlog::warn("backfill: cursor stays at page {} chunk {}: some deals were not written", cursor.page, i);
        return 1;
      }
      print_pass(fmt::format("backfill page {} chunk {}", cursor.page, i), *summary);
      routed += chunks[i].size();
      cursor.chunk = static_cast<int>(i + 1);
      if (!session.save_state(cursor_key, ingest::to_string(cursor), page->server_now_ms / 1000))
        return 1;
    }
    if (page->last()) {
      spdlog::info("backfill: the feed ends at page {}; the next run starts over", cursor.page);
      session.save_state(cursor_key, ingest::to_string({}), page->server_now_ms / 1000);
      return 0;
    }
    cursor = {cursor.page + 1, 0};
    session.save_state(cursor_key, ingest::to_string(cursor), page->server_now_ms / 1000);
  }
  return 0;
}

} // namespace app
