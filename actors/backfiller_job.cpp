#include "actors/jobs.hpp"

#include "analysis/peek.hpp"
#include "ingest/backfill_cursor.hpp"
#include "ingest/batch_split.hpp"
#include "ingest/grant_queue.hpp"

#include <caf/typed_event_based_actor.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include <memory>

namespace kd {
namespace {

struct backfill_run {
  backfiller_config config;
  job_context ctx;
  job_actor::pointer self;
  std::function<void(run_result)> finish;
  ingest::backfill_cursor cursor;
  deal_page page;
  std::vector<std::vector<std::string>> chunks;
  std::size_t routed = 0;
  std::int64_t tokens = 0;

  run_result result(std::string outcome, std::string detail) const {
    return {.outcome = std::move(outcome), .detail = std::move(detail), .asins = static_cast<std::int64_t>(routed),
            .tokens = tokens};
  }
  void fail(std::string detail) { finish(result("failed", std::move(detail))); }
};

using run_ptr = std::shared_ptr<backfill_run>;

void read_page(const run_ptr& run);

// Saves the cursor (only after the rows it passes are committed), then `next`.
void save_cursor(const run_ptr& run, ingest::backfill_cursor cursor, std::function<void()> next) {
  run->cursor = cursor;
  storage::write_batch batch;
  const auto now = run->ctx.time->unix_seconds(run->self->clock().now());
  batch.state.push_back({cursor_key, ingest::to_string(cursor), now});
  run->self->request(run->ctx.handles.writer, caf::infinite, write_atom::value, std::move(batch))
      .then([next](const storage::batch_result&) { next(); },
            [run](caf::error& e) { run->fail("the cursor was not saved: " + describe(e)); });
}

void route_chunk(const run_ptr& run) {
  const auto i = static_cast<std::size_t>(run->cursor.chunk);
  if (i >= run->chunks.size()) {
    if (run->page.last() || run->cursor.page + 1 >= run->config.max_pages) {
      const auto end_page = run->cursor.page;
      save_cursor(run, {}, [run, end_page] {
        run->finish(run->result("ok", fmt::format("reached the end of the feed at page {}; the next run starts over",
                                                  end_page)));
      });
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
  const auto& chunk = run->chunks[i];
  auto skip = analysis::not_viable(run->page.deals, chunk);
  run->self
      ->request(run->ctx.handles.router, caf::infinite, route_atom::value, chunk, std::move(skip),
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
            save_cursor(run, {run->cursor.page, static_cast<int>(i + 1)}, [run] { route_chunk(run); });
          },
          [run](caf::error& e) { run->fail("routing failed: " + describe(e)); });
}

void read_page(const run_ptr& run) {
  auto selection = run->config.selection;
  selection.page = run->cursor.page;
  run->self
      ->request(run->ctx.handles.pager, caf::infinite, page_atom::value, selection, int{ingest::backfiller_priority})
      .then(
          [run](deal_page& page) {
            run->tokens += keepa::deal_page_cost;
            std::vector<std::string> asins;
            for (const auto& d : page.deals)
              asins.push_back(d.asin);
            run->chunks = ingest::chunked(std::move(asins), run->config.chunk_size);
            run->page = std::move(page);
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

run_body backfiller_body(backfiller_config config, job_context ctx) {
  return [config, ctx](job_actor::pointer self, std::function<void(run_result)> finish) {
    auto run = std::make_shared<backfill_run>(backfill_run{config, ctx, self, std::move(finish)});
    self->request(ctx.handles.writer, caf::infinite, state_atom::value, std::string{cursor_key})
        .then(
            [run](const std::string& saved) {
              run->cursor = checked_cursor(saved, run->config.max_pages);
              read_page(run);
            },
            [run](caf::error& e) { run->fail("reading the cursor: " + describe(e)); });
  };
}

} // namespace kd
