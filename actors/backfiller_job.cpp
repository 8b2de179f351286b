#include "actors/jobs.hpp"

#include "ingest/backfill_cursor.hpp"
#include "ingest/feed_window.hpp"
#include "ingest/batch_split.hpp"
#include "ingest/grant_queue.hpp"

#include <caf/actor_clock.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <optional>

namespace kd {
namespace {

struct backfill_run {
  backfiller_config config;
  job_context ctx;
  job_actor::pointer self;
  std::function<void(run_result)> finish;
  ingest::backfill_cursor cursor{};
  deal_page page{};
  std::vector<std::vector<keepa::deal>> chunks{};
  std::size_t routed = 0;
  std::int64_t tokens = 0;
  std::int32_t pages_read = 0;
  caf::actor_clock::time_point began{};

  void report() const {
    if (!config.on_progress)
      return;
    const std::chrono::duration<double> elapsed = self->clock().now() - began;
    config.on_progress({.page = cursor.page, .max_pages = config.max_pages, .pages_read = pages_read,
                        .asins = static_cast<std::int64_t>(routed),
                        .max_asins = static_cast<std::int64_t>(config.max_deals), .tokens = tokens,
                        .elapsed_seconds = elapsed.count()});
  }

  run_result result(std::string outcome, std::string detail) const {
    return {.outcome = std::move(outcome), .detail = std::move(detail), .asins = static_cast<std::int64_t>(routed),
            .tokens = tokens};
  }
  void fail(std::string detail) { finish(result("failed", std::move(detail))); }
};

using backfill_ptr = std::shared_ptr<backfill_run>;

void read_page(const backfill_ptr& run);

// Saves the cursor (only after the rows it passes are committed), then `next`.
void save_cursor(const backfill_ptr& run, ingest::backfill_cursor cursor, std::function<void()> next,
                 bool walk_completed = false) {
  run->cursor = cursor;
  storage::write_batch batch;
  const auto now = run->ctx.time->unix_seconds(run->self->clock().now());
  batch.state.push_back({cursor_key, ingest::to_string(cursor), now});
  if (walk_completed)
    batch.state.push_back({walked_key, std::to_string(now), now});
  run->self->request(run->ctx.handles.writer, caf::infinite, write_atom::value, std::move(batch))
      .then([next](const storage::batch_result&) { next(); },
            [run](caf::error& e) { run->fail("the cursor was not saved: " + describe(e)); });
}

void route_chunk(const backfill_ptr& run) {
  const auto i = static_cast<std::size_t>(run->cursor.chunk);
  if (i >= run->chunks.size()) {
    if (run->page.last() || run->cursor.page + 1 >= run->config.max_pages) {
      const auto end_page = run->cursor.page;
      save_cursor(run, {}, [run, end_page] {
        run->finish(run->result("ok", fmt::format("reached the end of the feed at page {}; the next run starts over",
                                                  end_page)));
      }, run->page.last());
    } else {
      save_cursor(run, {run->cursor.page + 1, 0}, [run] { read_page(run); });
    }
    return;
  }
  if (run->routed >= run->config.max_deals) {
    run->finish(run->result("ok", fmt::format("paused at {} after {} deals (at most {} a run)",
                                              ingest::to_string(run->cursor), run->routed, run->config.max_deals)));
    return;
  }
  run->self
      ->request(run->ctx.handles.router, caf::infinite, route_atom::value, run->chunks[i],
                int{ingest::backfiller_priority})
      .then(
          [run, i](const route_summary& s) {
            run->tokens += s.heavy.tokens_consumed + s.light.tokens_consumed;
            // Deferred ASINs are the refiller's now: it writes them or keeps them queued.
            std::vector<std::string> unwritten;
            for (const auto* list : {&s.heavy.failed, &s.heavy.missing, &s.light.failed, &s.light.missing})
              unwritten.insert(unwritten.end(), list->begin(), list->end());
            if (!unwritten.empty()) {
              spdlog::warn("backfiller: {} deals not written, kept for the next run: {}", unwritten.size(),
                           fmt::join(unwritten, " "));
              run->fail(fmt::format("cursor stays at {}: {} deals of the chunk not written",
                                    ingest::to_string(run->cursor), unwritten.size()));
              return;
            }
            run->routed += run->chunks[i].size();
            run->report();
            save_cursor(run, {run->cursor.page, static_cast<int>(i + 1)}, [run] { route_chunk(run); });
          },
          [run](caf::error& e) { run->fail("routing failed: " + describe(e)); });
}

void read_page(const backfill_ptr& run) {
  auto selection = run->config.selection;
  selection.page = run->cursor.page;
  run->self
      ->request(run->ctx.handles.pager, caf::infinite, page_atom::value, selection, int{ingest::backfiller_priority})
      .then(
          [run](deal_page& page) {
            run->tokens += keepa::deal_page_cost;
            ++run->pages_read;
            run->chunks = ingest::chunked(page.deals, run->config.chunk_size);
            run->page = std::move(page);
            run->report();
            route_chunk(run);
          },
          [run](caf::error& e) { run->fail(fmt::format("page {}: {}", run->cursor.page, describe(e))); });
}

ingest::backfill_cursor checked_cursor(const std::string& text, int max_pages) {
  if (text.empty())
    return {};
  const auto c = ingest::parse_backfill_cursor(text);
  if (!c) {
    spdlog::warn("backfiller: saved {} '{}' is not page:chunk; starting over from page 0", cursor_key, text);
    return {};
  }
  if (c->page >= max_pages) {
    spdlog::info("backfiller: saved cursor {} is at or past max_pages {}; starting over from page 0", text, max_pages);
    return {};
  }
  return *c;
}

} // namespace

// Why a walk is needed now, or nullopt when the refiller covers the feed.
std::optional<std::string> walk_needed(const backfiller_config& config, const ingest::backfill_cursor& cursor,
                                       const std::string& caught_up, const std::string& walked, std::int64_t now) {
  if (!config.only_when_needed)
    return "";
  if (cursor.page > 0 || cursor.chunk > 0)
    return "a walk is under way";
  auto age = [now](const std::string& saved) -> std::optional<std::int64_t> {
    try {
      return now - ingest::parse_watermark("", saved);
    } catch (const std::exception&) {
      return std::nullopt;
    }
  };
  const auto since_caught_up = caught_up.empty() ? std::nullopt : age(caught_up);
  if (!caught_up.empty() && (!since_caught_up || *since_caught_up > 2 * feed_window_seconds))
    return "the refiller's last complete walk is older than the feed's window";
  if (config.floor_hours > 0) {
    const auto since_walked = walked.empty() ? std::nullopt : age(walked);
    if (!since_walked || *since_walked > std::int64_t{config.floor_hours} * 3600)
      return fmt::format("no walk completed in the last {} h (the floor)", config.floor_hours);
  }
  return std::nullopt;
}

void start_walk(const backfill_ptr& run, std::string caught_up, std::string walked) {
  const auto now = run->ctx.time->unix_seconds(run->self->clock().now());
  const auto why = walk_needed(run->config, run->cursor, caught_up, walked, now);
  if (!why) {
    run->finish(run->result("ok", caught_up.empty()
                                      ? "not needed: the refiller's first walk covers the feed"
                                      : "not needed: the refiller keeps up with the feed (no tokens spent)"));
    return;
  }
  if (!why->empty())
    spdlog::info("backfiller: walking the feed from {}: {}", ingest::to_string(run->cursor), *why);
  read_page(run);
}

run_body backfiller_body(backfiller_config config, job_context ctx) {
  return [config, ctx](job_actor::pointer self, std::function<void(run_result)> finish) {
    auto run = std::make_shared<backfill_run>(backfill_run{config, ctx, self, std::move(finish)});
    run->began = self->clock().now();
    auto read_state = [run](std::string key, auto next) {
      run->self->request(run->ctx.handles.writer, caf::infinite, state_atom::value, std::move(key))
          .then(std::move(next), [run](caf::error& e) { run->fail("reading the feed state: " + describe(e)); });
    };
    read_state(cursor_key, [run, read_state](const std::string& saved) {
      run->cursor = checked_cursor(saved, run->config.max_pages);
      read_state(caught_up_key, [run, read_state](const std::string& caught_up) {
        read_state(walked_key, [run, caught_up](const std::string& walked) { start_walk(run, caught_up, walked); });
      });
    });
  };
}

} // namespace kd
