// The node's status page (GET /): the top deals by profit, the token gauge,
// each job's last and next run, and a chart of live deals over the last days,
// as one self-contained HTML document (inline CSS and SVG, no scripts, no
// external assets). Pure: the caller gathers the model.
#pragma once

#include "ingest/node_metrics.hpp"
#include "storage/status_queries.hpp"
#include "storage/status_report.hpp"

#include <string>

namespace web {

struct page_model {
  storage::unix_seconds now = 0;  // the node's clock
  ingest::metrics_reading live;
  storage::status_report recorded;  // jobs, refill rate, deals total
  storage::status_snapshot store;   // top deals, live deals by day
};

std::string render_status_page(const page_model& m);

// "$12.34", "-$3.10", "" for none: the page's money.
std::string dollars(std::optional<storage::cents> c);

} // namespace web
