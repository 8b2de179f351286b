#include "actors/jobs.hpp"

#include "ingest/feed_window.hpp"

#include <caf/typed_event_based_actor.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <memory>

namespace kd {
namespace {

struct janitor_run {
  janitor_config config;
  job_context ctx;
  job_actor::pointer self;
  std::function<void(run_result)> finish;
  std::int64_t now = 0;
  std::string detail{};
  std::int64_t deleted = 0;

  void fail(const caf::error& e) { finish({.outcome = "failed", .detail = describe(e)}); }
  void done() { finish({.detail = detail, .asins = deleted}); }
};

using janitor_ptr = std::shared_ptr<janitor_run>;

void forget_rejects(const janitor_ptr& run) {
  if (run->config.reject_cooldown_seconds <= 0) {
    run->done();
    return;
  }
  run->self
      ->request(run->ctx.handles.writer, caf::infinite, forget_atom::value,
                run->now - run->config.reject_cooldown_seconds)
      .then(
          [run](std::uint64_t forgotten) {
            run->detail += fmt::format("; {} rejects past their cooldown forgotten", forgotten);
            run->done();
          },
          [run](caf::error& e) { run->fail(e); });
}

void delete_before(const janitor_ptr& run, std::int64_t cutoff, std::string why) {
  run->self->request(run->ctx.handles.writer, caf::infinite, janitor_atom::value, cutoff)
      .then(
          [run, why](std::uint64_t deleted) {
            run->deleted = static_cast<std::int64_t>(deleted);
            if (run->ctx.handles.metrics)
              run->ctx.handles.metrics->janitor_deleted(run->deleted);
            run->detail = fmt::format("{} deals unseen for {} h deleted{}", deleted, run->config.retention_hours, why);
            forget_rejects(run);
          },
          [run](caf::error& e) { run->fail(e); });
}

// A deal the feed listed when the refiller's latest complete walk began was
// seen at most the feed's window before that: deleting only what is older
// than both that and the retention never takes a deal still listed.
void spare_listed(const janitor_ptr& run, std::int64_t cutoff) {
  run->self->request(run->ctx.handles.writer, caf::infinite, state_atom::value, std::string{caught_up_key})
      .then(
          [run, cutoff](const std::string& saved) {
            if (saved.empty()) {
              run->detail = "nothing deleted: waiting for the refiller's first complete walk of the feed";
              forget_rejects(run);
              return;
            }
            std::int64_t caught_up = 0;
            try {
              caught_up = ingest::parse_watermark(caught_up_key, saved);
            } catch (const std::exception& e) {
              run->finish({.outcome = "failed", .detail = e.what(), .fatal = true});
              return;
            }
            const auto listed_floor = caught_up - feed_window_seconds;
            if (listed_floor < cutoff)
              delete_before(run, listed_floor,
                            fmt::format(" (held back to {} h before the last complete walk, which began {} min ago)",
                                        feed_window_seconds / 3600, (run->now - caught_up) / 60));
            else
              delete_before(run, cutoff, "");
          },
          [run](caf::error& e) { run->fail(e); });
}

} // namespace

run_body janitor_body(janitor_config config, job_context ctx) {
  return [config, ctx](job_actor::pointer self, std::function<void(run_result)> finish) {
    auto run = std::make_shared<janitor_run>(janitor_run{config, ctx, self, std::move(finish)});
    run->now = ctx.time->unix_seconds(self->clock().now());
    const auto cutoff = run->now - std::int64_t{config.retention_hours} * 3600;
    if (config.spare_possibly_listed)
      spare_listed(run, cutoff);
    else
      delete_before(run, cutoff, "");
  };
}

} // namespace kd
