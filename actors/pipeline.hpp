// The whole ingestion pipeline in one place: what is spawned and who talks to
// whom. Start here to read the system.
#pragma once

#include "actors/token_bucket_actor.hpp"
#include "analysis/peek.hpp"
#include "analysis/season_advisor.hpp"
#include "analysis/settings.hpp"
#include "ingest/fetch_profiles.hpp"
#include "ingest/ingest_counters.hpp"
#include "ingest/node_metrics.hpp"
#include "messages/messages.hpp"

#include <caf/fwd.hpp>

#include <filesystem>
#include <memory>

namespace kd {

struct pipeline_config {
  std::filesystem::path db_file = "deals.db";
  ingest::fetch_profiles profiles = ingest::default_fetch_profiles();
  // Which path each feed entry takes; see ingest/ingest_policy.hpp.
  ingest::ingest_policy policy;
  analysis::settings settings;
  // [deals] peek_*: which new feed entries are worth a heavy fetch.
  analysis::peek_thresholds peek;
  token_bucket_config bucket;
  std::size_t chunk_size = 100;
  std::size_t max_in_flight = 2;
  std::string source_label = storage::source_upserter;
  storage::store_options store;
  // The optional LLM checks; none: the analysis' own defaults.
  std::shared_ptr<analysis::season_advisor> advisor;
  // The node's clock; none: rows without a server timestamp get 0.
  std::shared_ptr<ingest::node_time> time;
  // Blocking actors (the writer) on threads of their own. Off on CAF's
  // deterministic test scheduler, which must run everything itself.
  bool detach_blocking = true;
  // New ASINs of feed entries go on the pending queue for a drainer job
  // (the node's optimal mode) instead of being fetched within the walk.
  bool queue_new_deals = false;
  // Where the router counts what each path did; none: spawn_pipeline makes one.
  std::shared_ptr<ingest::ingest_counters> counters;
  // What the bucket, the writer and the janitor report to /metrics; none:
  // spawn_pipeline makes one.
  std::shared_ptr<ingest::node_metrics> metrics;
};

struct pipeline {
  token_bucket_actor bucket;
  writer_actor writer;
  analyzer_actor analyzer;
  heavy_fetcher_actor heavy;
  light_fetcher_actor light;
  light_fetcher_actor offers;  // null unless offers are bought for the profitable only
  light_fetcher_actor top_up;  // null unless the optimal mode tops up feed refreshes
  router_actor router;
  feed_pager_actor pager;
  std::shared_ptr<ingest::ingest_counters> counters;
  std::shared_ptr<ingest::node_metrics> metrics;

  // Actors that hold each other's handles keep the actor system waiting at
  // shutdown: send them all an exit first.
  void stop();
};

pipeline spawn_pipeline(caf::actor_system& sys, const pipeline_config& config,
                        std::shared_ptr<ingest::product_source> source);

} // namespace kd
