// The replay jobs of `run`: the embedded default and --replay DIR.
#include "app/run_jobs.hpp"

#include "app/pipeline_session.hpp"
#include "capture/capture_index.hpp"
#include "ingest/replay_source.hpp"
#include "keepa/time.hpp"
#include "synth/capture.hpp"
#include "synth/universe.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace app {

int run_embedded(const run_config& config) {
  if (!config.synthetic_demo) {
    if (capture::is_capture(config.demo_capture))
      return run_capture_replay(config, config.demo_capture, false);
    spdlog::warn("the bundled capture {} is not there; replaying a synthetic universe instead",
                 config.demo_capture.string());
  }
  spdlog::info("embedded default: {} synthetic books (seed {}) replayed into {}", config.demo_products,
               config.demo_seed, config.db().string());
  synth::universe u({.products = config.demo_products, .seed = config.demo_seed});
  auto replay = std::make_shared<ingest::replay_source>(config.token_rate());
  replay->add_capture(synth::capture_of(u), "embedded capture");
  pipeline_session session(config, storage::source_backfiller, replay);
  std::vector<std::string> asins;
  for (std::size_t i = 0; i < u.size(); ++i)
    asins.push_back(u.asin(i));

  auto first = session.route(asins);
  if (first)
    print_pass("pass 1", *first);
  u.advance_to(u.now() + config.demo_hours_between_passes * 60);
  replay->add_capture(synth::capture_of(u), "embedded capture, later");
  auto second = session.route(asins);
  if (second)
    print_pass(fmt::format("pass 2 (+{} h)", config.demo_hours_between_passes), *second);
  if (!first || !second)
    return 1;

  const auto deleted = session.janitor(keepa::to_unix(u.now()), config.retention_hours());
  fmt::print("janitor: {} deals unseen for {} h deleted; {} deals stored in {}\n", deleted, config.retention_hours(),
             session.deal_count(), config.db().string());
  const auto heavy_asins = first->heavy.requested + second->heavy.requested;
  const double heavy_per_asin =
      heavy_asins ? double(first->heavy.tokens_consumed + second->heavy.tokens_consumed) / double(heavy_asins) : 0;
  fmt::print("tokens: {} in all on the replay meter; pass 2 spent {}, where fetching every known deal "
             "heavy again (the original system) would have spent about {:.0f} (at this run's {:.1f} tokens "
             "a heavy ASIN)\n",
             replay->tokens_consumed_total(), second->heavy.tokens_consumed + second->light.tokens_consumed,
             heavy_per_asin * double(second->light.requested) + double(second->heavy.tokens_consumed),
             heavy_per_asin);
  return fully_written(*first) && fully_written(*second) ? 0 : 1;
}

int run_replay(const run_config& config) {
  if (capture::is_capture(*config.replay_dir))
    return run_capture_replay(config, *config.replay_dir, false);
  auto replay = std::make_shared<ingest::replay_source>(config.token_rate());
  replay->add_directory(*config.replay_dir);
  spdlog::info("replaying {} captured products from {} into {}", replay->size(), config.replay_dir->string(),
               config.db().string());
  pipeline_session session(config, storage::source_backfiller, replay);
  auto summary = session.route(replay->asins());
  if (summary)
    print_pass("replay", *summary);
  fmt::print("{} deals stored in {}\n", session.deal_count(), config.db().string());
  return summary && fully_written(*summary) ? 0 : 1;
}

} // namespace app
