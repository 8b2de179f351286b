#include "actors/jobs.hpp"

#include <caf/typed_event_based_actor.hpp>
#include <fmt/format.h>

namespace kd {

run_body janitor_body(janitor_config config, job_context ctx) {
  return [config, ctx](job_actor::pointer self, std::function<void(run_result)> finish) {
    const auto cutoff = ctx.time->unix_seconds(self->clock().now()) - std::int64_t{config.retention_hours} * 3600;
    self->request(ctx.handles.writer, caf::infinite, janitor_atom::value, cutoff)
        .then(
            [=](std::uint64_t deleted) {
              run_result r;
              r.asins = static_cast<std::int64_t>(deleted);
              r.detail = fmt::format("{} deals unseen for {} h deleted", deleted, config.retention_hours);
              finish(std::move(r));
            },
            [=](caf::error& e) { finish({.outcome = "failed", .detail = describe(e)}); });
  };
}

} // namespace kd
