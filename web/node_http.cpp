#include "web/node_http.hpp"

#include "net/http_server.hpp"
#include "storage/status_queries.hpp"
#include "storage/status_report.hpp"
#include "web/metrics_text.hpp"
#include "web/prometheus_writer.hpp"
#include "web/status_page.hpp"

namespace web {
namespace {

net::http_response text(int status, std::string body, std::string content_type = "text/plain; charset=utf-8") {
  net::http_response r;
  r.status = status;
  r.body = std::move(body);
  r.content_type = std::move(content_type);
  return r;
}

std::string_view path_of(std::string_view target) {
  const auto q = target.find('?');
  return q == std::string_view::npos ? target : target.substr(0, q);
}

} // namespace

struct node_http::impl {
  node_http_config config;
  std::shared_ptr<const ingest::node_metrics> metrics;
  std::function<storage::unix_seconds()> now;
  net::http_server server;

  impl(node_http_config c, std::shared_ptr<const ingest::node_metrics> m, std::function<storage::unix_seconds()> n)
      : config(std::move(c)), metrics(std::move(m)), now(std::move(n)),
        server(server_options(config), [this](const net::http_request& r) { return handle(r); }) {}

  static net::http_server_options server_options(const node_http_config& c) {
    net::http_server_options o;
    o.address = c.listen.host;
    o.port = c.listen.port;
    o.server_name = "keepa-deals";
    o.body_limit = 64 * 1024;  // nothing here takes a body
    return o;
  }

  storage::status_snapshot snapshot(storage::unix_seconds at) const {
    return storage::read_status_snapshot(config.db, {.now = at, .top_deals = config.top_deals, .days = config.chart_days});
  }

  net::http_response handle(const net::http_request& request) {
    const auto path = path_of(request.target);
    if (request.method != "GET") {
      auto r = text(405, "only GET is served here, not " + request.method + "\n");
      r.headers.emplace_back("Allow", "GET");
      return r;
    }
    try {
      if (path == "/metrics")
        return text(200, render_metrics(metrics->read(), snapshot(now())), prometheus_content_type);
      if (path == "/healthz") {
        // Alive and able to read its store: a scrape that would fail says so here first.
        storage::read_status_snapshot(config.db, {.now = now(), .top_deals = 0, .days = 0});
        return text(200, "ok\n");
      }
      if (path == "/" || path == "/index.html") {
        page_model m;
        m.now = now();
        m.live = metrics->read();
        m.recorded = storage::read_status(config.db, m.now);
        m.store = snapshot(m.now);
        return text(200, render_status_page(m), "text/html; charset=utf-8");
      }
    } catch (const std::exception& e) {
      return text(path == "/healthz" ? 503 : 500, std::string(e.what()) + "\n");
    }
    return text(404, "no such page: " + std::string(path) + " (try /, /metrics or /healthz)\n");
  }
};

node_http::node_http(node_http_config config, std::shared_ptr<const ingest::node_metrics> metrics,
                     std::function<storage::unix_seconds()> now)
    : impl_(std::make_unique<impl>(std::move(config), std::move(metrics), std::move(now))) {}

node_http::~node_http() = default;

void node_http::start() { impl_->server.start(); }
void node_http::stop() { impl_->server.stop(); }
std::uint16_t node_http::port() const { return impl_->server.port(); }

} // namespace web
