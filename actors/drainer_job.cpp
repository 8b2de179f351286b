#include "actors/jobs.hpp"

#include "ingest/grant_queue.hpp"

#include <caf/typed_event_based_actor.hpp>
#include <fmt/format.h>

#include <memory>
#include <unordered_set>

namespace kd {
namespace {

struct drain_run {
  drainer_config config;
  job_context ctx;
  job_actor::pointer self;
  std::function<void(run_result)> finish;
  std::int64_t fetched = 0, written = 0, tokens = 0, expired = 0;

  void done(std::string outcome, std::string why) {
    // An empty queue is a tick with nothing to do, not a run worth a record.
    const bool idle = outcome == "ok" && fetched == 0 && expired == 0;
    finish({.outcome = idle ? "skipped" : std::move(outcome),
            .detail = fmt::format("{} pending fetched ({} written) for {} tokens, {} too old dropped{}", fetched,
                                  written, tokens, expired, why),
            .asins = fetched,
            .tokens = tokens,
            .unrecorded = idle});
  }
};

using drain_ptr = std::shared_ptr<drain_run>;

void next_chunk(const drain_ptr& run) {
  if (run->ctx.stopping->load()) {
    run->done("ok", "; stopping");
    return;
  }
  auto& writer = run->ctx.handles.writer;
  run->self->request(writer, caf::infinite, pending_atom::value, run->config.chunk)
      .then(
          [run](const std::vector<storage::pending_row>& rows) {
            if (rows.empty()) {
              run->done("ok", "; the queue is empty");
              return;
            }
            std::vector<std::string> asins;
            for (const auto& r : rows)
              asins.push_back(r.asin);
            run->self
                ->request(run->ctx.handles.heavy, caf::infinite, heavy_atom::value, asins,
                          int{ingest::refiller_priority})
                .then(
                    [run, asins](const path_summary& s) {
                      run->fetched += static_cast<std::int64_t>(s.requested);
                      run->written += static_cast<std::int64_t>(s.written);
                      run->tokens += s.tokens_consumed;
                      // Written or rejected rows left the queue with their
                      // commit; what Keepa does not know leaves it here. What
                      // failed stays for the next chunk or run.
                      const std::unordered_set<std::string> failed(s.failed.begin(), s.failed.end());
                      storage::write_batch batch;
                      for (const auto& asin : asins)
                        if (!failed.contains(asin))
                          batch.dequeue.push_back(asin);
                      if (!failed.empty()) {
                        run->self->request(run->ctx.handles.writer, caf::infinite, write_atom::value, std::move(batch))
                            .then(
                                [run, n = failed.size()](const storage::batch_result&) {
                                  run->done("failed", fmt::format("; {} not written stay queued", n));
                                },
                                [run](caf::error& e) { run->done("failed", "; " + describe(e)); });
                        return;
                      }
                      run->self->request(run->ctx.handles.writer, caf::infinite, write_atom::value, std::move(batch))
                          .then([run](const storage::batch_result&) { next_chunk(run); },
                                [run](caf::error& e) { run->done("failed", "; " + describe(e)); });
                    },
                    [run](caf::error& e) { run->done("failed", "; " + describe(e)); });
          },
          [run](caf::error& e) { run->done("failed", "; reading the queue: " + describe(e)); });
}

} // namespace

run_body drainer_body(drainer_config config, job_context ctx) {
  return [config, ctx](job_actor::pointer self, std::function<void(run_result)> finish) {
    auto run = std::make_shared<drain_run>(drain_run{config, ctx, self, std::move(finish)});
    const auto now = ctx.time->unix_seconds(self->clock().now());
    self->request(ctx.handles.writer, caf::infinite, expire_atom::value, now - feed_window_seconds)
        .then(
            [run](std::uint64_t expired) {
              run->expired = static_cast<std::int64_t>(expired);
              next_chunk(run);
            },
            [run](caf::error& e) { run->done("failed", "; " + describe(e)); });
  };
}

} // namespace kd
