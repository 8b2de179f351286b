// The single writer: owns the one SQLite connection that writes.
#pragma once

#include "ingest/node_metrics.hpp"
#include "ingest/commit_group.hpp"
#include "messages/messages.hpp"

#include <caf/fwd.hpp>

#include <filesystem>
#include <optional>

namespace kd {

// Opens (and migrates) the store before spawning, so a bad path fails here
// with the store's error rather than inside the actor.
// `detached`: on a thread of its own, since commits, the busy timeout and
// VACUUM block. A node on CAF's deterministic test scheduler keeps it on the
// scheduler instead, so the simulation stays single-threaded and repeatable.
// `bucket`: held (no grants) while the database refuses writes, so no token
// buys a row that cannot be stored; the refused batches are retried with
// backoff (store_options) and answered once committed. `metrics`, when
// given, hears each write transaction: its time, commit or rollback.
// `group`: how write batches share transactions (ingest/commit_group.hpp);
// each batch is answered only after the commit that holds it.
writer_actor spawn_writer(caf::actor_system& sys, const std::filesystem::path& db_file,
                          storage::store_options options = {}, bool detached = false,
                          std::optional<token_bucket_actor> bucket = std::nullopt,
                          std::shared_ptr<ingest::node_metrics> metrics = nullptr,
                          ingest::commit_group_limits group = {});

} // namespace kd
