#include "actors/jobs.hpp"

#include "ingest/feed_window.hpp"
#include "ingest/grant_queue.hpp"
#include "ingest/walk_pacer.hpp"

#include <caf/typed_event_based_actor.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <string_view>
#include <unordered_set>

namespace kd {
namespace {

// One run in progress: the pages read so far and what they cost.
struct refill_run {
  refiller_config config;
  job_context ctx;
  job_actor::pointer self;
  std::function<void(run_result)> finish;
  std::shared_ptr<ingest::walk_pacer> pacer;
  keepa::keepa_minute watermark = 0;
  std::vector<keepa::deal> feed{};
  int pages = 0;
  std::int64_t started_utc = 0;
  bool complete = false;  // reached the watermark or the feed's end

  void fail(std::string detail, bool fatal = false) {
    finish({.outcome = "failed", .detail = std::move(detail), .tokens = pages * keepa::deal_page_cost, .fatal = fatal});
  }
};

using refill_ptr = std::shared_ptr<refill_run>;

std::vector<std::string> unwritten_of(const route_summary& s) {
  std::vector<std::string> out;
  for (const auto* list : {&s.heavy.failed, &s.heavy.missing, &s.light.failed, &s.light.missing, &s.deferred})
    out.insert(out.end(), list->begin(), list->end());
  return out;
}

void save_and_finish(const refill_ptr& run, const ingest::feed_window& window, const route_summary& summary) {
  run->pacer->walked(run->started_utc, static_cast<std::int64_t>(window.asins.size()),
                     run->pages * keepa::deal_page_cost);
  const auto unwritten = unwritten_of(summary);
  const auto next = ingest::settled_watermark(window, run->feed, run->watermark, unwritten);
  run_result r;
  r.asins = static_cast<std::int64_t>(window.asins.size());
  r.tokens = run->pages * keepa::deal_page_cost + summary.heavy.tokens_consumed + summary.light.tokens_consumed;
  r.detail = fmt::format("{} pages, {} fresh: {} new analysed ({} written, {} not deals, {} with offers, {} offers "
                         "skipped) for {} tokens; "
                         "{} refreshed from the feed, {} topped up; {} refreshed light for {} tokens; {} ruled out by "
                         "the peek, {} rejects cooling; {} new queued for the drainer; watermark {} -> {}",
                         run->pages, window.asins.size(), summary.heavy.requested, summary.heavy.written,
                         summary.heavy.rejected, summary.heavy.offers_bought, summary.heavy.offers_skipped,
                         summary.heavy.tokens_consumed,
                         summary.from_feed, summary.top_ups, summary.light.written, summary.light.tokens_consumed,
                         summary.skipped.size(), summary.cooling.size(), summary.queued, run->watermark, next);
  if (window.asins.empty())
    r.detail = fmt::format("{} pages, nothing new since watermark {}", run->pages, run->watermark);
  if (!unwritten.empty()) {
    spdlog::warn("refiller: {} deals stay queued for the next walk: {}", unwritten.size(), fmt::join(unwritten, " "));
    r.detail += fmt::format("; {} stay queued", unwritten.size());
  }
  if (!summary.heavy.failed.empty() || !summary.light.failed.empty())
    r.outcome = "failed";
  const bool caught_up = run->complete && unwritten.empty();
  if (next == run->watermark && !caught_up) {
    run->finish(std::move(r));
    return;
  }
  storage::write_batch batch;
  const auto now = run->ctx.time->unix_seconds(run->self->clock().now());
  if (next != run->watermark)
    batch.state.push_back({watermark_key, std::to_string(next), now});
  if (caught_up)
    batch.state.push_back({caught_up_key, std::to_string(run->started_utc), now});
  run->self->request(run->ctx.handles.writer, caf::infinite, write_atom::value, std::move(batch))
      .then([run, r](const storage::batch_result&) { run->finish(r); },
            [run](caf::error& e) { run->fail("the watermark was not saved: " + describe(e)); });
}

void route_window(const refill_ptr& run) {
  auto window = ingest::choose_new_deals(run->feed, run->watermark, run->config.max_new_deals);
  if (window.asins.empty()) {
    if (run->complete) {
      save_and_finish(run, window, route_summary{});
      return;
    }
    run->pacer->walked(run->started_utc, 0, run->pages * keepa::deal_page_cost);
    run->finish({.detail = fmt::format("{} pages, nothing new since watermark {}", run->pages, run->watermark),
                 .tokens = run->pages * keepa::deal_page_cost});
    return;
  }
  const std::unordered_set<std::string_view> chosen(window.asins.begin(), window.asins.end());
  std::vector<keepa::deal> entries;
  for (const auto& d : run->feed)
    if (chosen.contains(d.asin))
      entries.push_back(d);
  run->self
      ->request(run->ctx.handles.router, caf::infinite, route_atom::value, std::move(entries),
                int{ingest::refiller_priority})
      .then([run, window](const route_summary& summary) { save_and_finish(run, window, summary); },
            [run](caf::error& e) { run->fail("routing failed: " + describe(e)); });
}

void read_page(const refill_ptr& run) {
  auto selection = run->config.selection;
  selection.page = run->pages;
  run->self
      ->request(run->ctx.handles.pager, caf::infinite, page_atom::value, selection, int{ingest::refiller_priority})
      .then(
          [run](deal_page& page) {
            ++run->pages;
            run->complete = page.last() || ingest::reaches_watermark(page.deals, run->watermark);
            const bool done = run->complete || run->pages >= run->config.max_pages;
            std::move(page.deals.begin(), page.deals.end(), std::back_inserter(run->feed));
            if (done)
              route_window(run);
            else
              read_page(run);
          },
          [run](caf::error& e) { run->fail(fmt::format("page {}: {}", run->pages, describe(e))); });
}

} // namespace

run_body refiller_body(refiller_config config, job_context ctx) {
  auto pacer = std::make_shared<ingest::walk_pacer>(keepa::deal_page_size, config.max_wait_minutes * 60);
  if (config.page_budget_per_minute > 0)
    pacer->set_budget(config.page_budget_per_minute);
  return [config, ctx, pacer](job_actor::pointer self, std::function<void(run_result)> finish) {
    const auto now = ctx.time->unix_seconds(self->clock().now());
    if (config.paced && !pacer->due(now)) {
      finish({.outcome = "skipped",
              .detail = fmt::format("waiting: {:.0f} fresh entries expected, a walk pays at {}", pacer->expected(now),
                                    keepa::deal_page_size),
              .unrecorded = true});
      return;
    }
    auto run = std::make_shared<refill_run>(refill_run{config, ctx, self, std::move(finish), pacer});
    run->started_utc = now;
    self->request(ctx.handles.writer, caf::infinite, state_atom::value, std::string{watermark_key})
        .then(
            [run](const std::string& saved) {
              try {
                run->watermark = saved.empty() ? 0 : ingest::parse_watermark(watermark_key, saved);
              } catch (const std::exception& e) {
                run->fail(e.what(), true);
                return;
              }
              read_page(run);
            },
            [run](caf::error& e) { run->fail("reading the watermark: " + describe(e)); });
  };
}

} // namespace kd
