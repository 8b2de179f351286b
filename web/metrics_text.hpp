// The node's /metrics: the actors' live counters and the store's counts in
// the Prometheus text format. Pure: the caller reads both.
#pragma once

#include "ingest/node_metrics.hpp"
#include "storage/status_queries.hpp"

#include <string>

namespace web {

std::string render_metrics(const ingest::metrics_reading& live, const storage::status_snapshot& store);

} // namespace web
