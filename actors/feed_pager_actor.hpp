// The feed pager: the one place deal-feed pages are read, for every job.
#pragma once

#include "ingest/product_source.hpp"
#include "messages/messages.hpp"

#include <caf/fwd.hpp>

#include <memory>

namespace kd {

feed_pager_actor spawn_feed_pager(caf::actor_system& sys, token_bucket_actor bucket,
                                  std::shared_ptr<ingest::product_source> source);

} // namespace kd
