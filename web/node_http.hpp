// The node's HTTP face on net's server: /metrics (Prometheus text), /healthz
// and the status page at /. It reads the actors' counters (node_metrics) and
// the store on read-only connections of its own, on its own I/O thread, so
// no actor waits for a scrape and the writer is never blocked by one.
#pragma once

#include "ingest/node_metrics.hpp"
#include "net/listen_address.hpp"
#include "storage/deal_store.hpp"

#include <filesystem>
#include <functional>
#include <memory>

namespace web {

struct node_http_config {
  net::listen_address listen{"127.0.0.1", 0, true};
  std::filesystem::path db;
  std::size_t top_deals = 25;
  int chart_days = 14;
};

class node_http {
public:
  // `now` is the node's clock (Unix seconds), read at each request.
  node_http(node_http_config config, std::shared_ptr<const ingest::node_metrics> metrics,
            std::function<storage::unix_seconds()> now);
  ~node_http();
  node_http(const node_http&) = delete;
  node_http& operator=(const node_http&) = delete;

  // Throws std::runtime_error naming the address when it cannot listen.
  void start();
  void stop();
  std::uint16_t port() const;

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

} // namespace web
