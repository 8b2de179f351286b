// The Beast side of net::http_client: one C++20 coroutine per exchange on the
// client's own io_context, connections kept alive in a pool per origin.
#include "net/http_client.hpp"

#include "net/gzip.hpp"
#include "net/redact.hpp"
#include "net/url.hpp"

#include <utility>  // Boost 1.74 awaitable.hpp uses std::exchange without it

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <atomic>
#include <mutex>
#include <thread>
#include <unordered_map>

namespace net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using clock_type = std::chrono::steady_clock;

const char* to_string(error_kind kind) {
  switch (kind) {
    case error_kind::bad_url: return "bad URL";
    case error_kind::resolve: return "name resolution failed";
    case error_kind::connect: return "connect failed";
    case error_kind::tls: return "TLS handshake or certificate verification failed";
    case error_kind::timeout: return "timed out";
    case error_kind::io: return "connection error";
    case error_kind::body_too_large: return "response body too large";
    case error_kind::bad_gzip: return "broken gzip body";
  }
  return "unknown";
}

namespace {

struct connection {
  std::unique_ptr<beast::tcp_stream> plain;
  std::unique_ptr<beast::ssl_stream<beast::tcp_stream>> tls;
  beast::flat_buffer buffer;
  beast::tcp_stream& lowest() { return tls ? beast::get_lowest_layer(*tls) : *plain; }
};

// Raised inside the coroutine; carries the kind to the callback.
struct exchange_failure {
  failure f;
};

std::chrono::microseconds since(clock_type::time_point t0) {
  return std::chrono::duration_cast<std::chrono::microseconds>(clock_type::now() - t0);
}

error_kind kind_of(const boost::system::error_code& ec, error_kind otherwise) {
  if (ec == beast::error::timeout)
    return error_kind::timeout;
  if (ec == http::error::body_limit || ec == http::error::buffer_overflow)
    return error_kind::body_too_large;
  if (ec.category() == asio::error::get_ssl_category() || ec == asio::ssl::error::stream_truncated)
    return otherwise == error_kind::connect ? error_kind::tls : otherwise;
  return otherwise;
}

// A reused keep-alive connection the server has closed meanwhile fails at
// once with one of these; the request is then sent again on a new connection.
bool stale_connection(const boost::system::error_code& ec) {
  return ec == http::error::end_of_stream || ec == asio::error::eof ||
         ec == asio::error::connection_reset || ec == asio::error::broken_pipe ||
         ec == asio::ssl::error::stream_truncated;
}

} // namespace

class http_client::impl {
public:
  explicit impl(client_options opts)
      : options(std::move(opts)), work(asio::make_work_guard(io)) {
    tls_ctx.set_verify_mode(ssl::verify_peer);
    if (options.ca_file.empty())
      tls_ctx.set_default_verify_paths();
    else
      tls_ctx.load_verify_file(options.ca_file);
    const int n = std::max(1, options.io_threads);
    for (int i = 0; i < n; ++i)
      threads.emplace_back([this] { io.run(); });
  }

  ~impl() {
    work.reset();
    io.stop();
    for (auto& t : threads)
      t.join();
    std::lock_guard lock(pool_mutex);
    idle.clear();
  }

  void start(request req, callback done) {
    auto shared_done = std::make_shared<callback>(std::move(done));
    asio::co_spawn(io, exchange(std::move(req), shared_done),
                   [shared_done](std::exception_ptr ep) {
                     if (!ep)
                       return;
                     try {
                       std::rethrow_exception(ep);
                     } catch (exchange_failure& e) {
                       (*shared_done)(std::move(e.f));
                     } catch (std::exception& e) {
                       (*shared_done)(failure{error_kind::io, e.what()});
                     }
                   });
  }

  asio::awaitable<void> exchange(request req, std::shared_ptr<callback> done) {
    url u;
    try {
      u = parse_url(req.url);
    } catch (const std::invalid_argument& e) {
      throw exchange_failure{{error_kind::bad_url, e.what()}};
    }
    const std::string where = req.method + " " + redact_url(req.url);
    std::unique_ptr<connection> conn = take_idle(u.origin());
    bool reconnected = false;
    for (int attempt = 0;; ++attempt) {
      const bool reused = conn != nullptr;
      exchange_timing timing;
      if (!conn) {
        const auto t0 = clock_type::now();
        conn = co_await open(u, where);
        timing.connect = since(t0);
      }
      boost::system::error_code ec;
      response res;
      bool keep_alive = false;
      std::string step;
      if (conn->tls)
        std::tie(ec, step) = co_await round_trip(*conn->tls, *conn, u, req, res, keep_alive, timing);
      else
        std::tie(ec, step) = co_await round_trip(*conn->plain, *conn, u, req, res, keep_alive, timing);
      if (ec) {
        conn.reset();
        if (reused && attempt == 0 && step == "write-or-header" && stale_connection(ec)) {
          reconnected = true;
          continue;
        }
        throw exchange_failure{{kind_of(ec, error_kind::io),
                                where + ": " + step + ": " + ec.message()}};
      }
      res.reused_connection = reused;
      res.reconnected = reconnected;
      if (res.was_gzip) {
        const auto t0 = clock_type::now();
        try {
          res.body = gunzip(res.body, options.max_inflated_bytes);
        } catch (const gzip_error& e) {
          const bool too_large = std::string_view(e.what()).find("limit") != std::string_view::npos;
          throw exchange_failure{{too_large ? error_kind::body_too_large : error_kind::bad_gzip,
                                  where + ": " + e.what()}};
        }
        res.timing.inflate = since(t0);
      }
      if (keep_alive)
        give_back(u.origin(), std::move(conn));
      (*done)(std::move(res));
      co_return;
    }
  }

  asio::awaitable<std::unique_ptr<connection>> open(const url& u, const std::string& where) {
    auto conn = std::make_unique<connection>();
    if (u.tls()) {
      conn->tls = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(io.get_executor(), tls_ctx);
      if (!SSL_set_tlsext_host_name(conn->tls->native_handle(), u.host.c_str()))
        throw exchange_failure{{error_kind::tls, where + ": cannot set SNI host name"}};
      conn->tls->set_verify_callback(ssl::host_name_verification(u.host));
    } else {
      conn->plain = std::make_unique<beast::tcp_stream>(io.get_executor());
    }
    auto& stream = conn->lowest();
    boost::system::error_code ec;
    auto resolver = std::make_shared<tcp::resolver>(io);
    const auto override_it = options.resolve_overrides.find(u.host);
    const std::string& host = override_it == options.resolve_overrides.end() ? u.host : override_it->second;
    // The resolver has no expiry of its own: a timer cancels it.
    auto resolve_timer = std::make_shared<asio::steady_timer>(io, options.connect_timeout);
    auto resolve_timed_out = std::make_shared<bool>(false);
    resolve_timer->async_wait([resolver, resolve_timed_out](const boost::system::error_code& e) {
      if (!e) {
        *resolve_timed_out = true;
        resolver->cancel();
      }
    });
    auto endpoints = co_await resolver->async_resolve(host, std::to_string(u.port),
                                                     asio::redirect_error(asio::use_awaitable, ec));
    resolve_timer->cancel();
    if (ec && *resolve_timed_out)
      throw exchange_failure{{error_kind::timeout, where + ": resolving " + host + " timed out"}};
    if (ec)
      throw exchange_failure{{error_kind::resolve, where + ": resolve " + host + ": " + ec.message()}};
    stream.expires_after(options.connect_timeout);
    co_await stream.async_connect(endpoints, asio::redirect_error(asio::use_awaitable, ec));
    if (ec)
      throw exchange_failure{{kind_of(ec, error_kind::connect), where + ": connect: " + ec.message()}};
    stream.socket().set_option(tcp::no_delay(true));
    opened.fetch_add(1);
    if (conn->tls) {
      stream.expires_after(options.connect_timeout);
      co_await conn->tls->async_handshake(ssl::stream_base::client,
                                          asio::redirect_error(asio::use_awaitable, ec));
      if (ec)
        throw exchange_failure{{ec == beast::error::timeout ? error_kind::timeout : error_kind::tls,
                                where + ": TLS handshake: " + ec.message()}};
    }
    co_return conn;
  }

  // Returns the first error and the step it happened in.
  template <class Stream>
  asio::awaitable<std::pair<boost::system::error_code, std::string>>
  round_trip(Stream& stream, connection& conn, const url& u, const request& req, response& res,
             bool& keep_alive, exchange_timing& timing) {
    boost::system::error_code ec;
    http::request<http::string_body> msg;
    msg.method_string(req.method);
    msg.target(u.target);
    msg.version(11);
    msg.set(http::field::host, u.host_header());
    msg.set(http::field::user_agent, options.user_agent);
    msg.set(http::field::accept_encoding, "gzip");
    for (const auto& [name, value] : req.headers)
      msg.set(name, value);
    if (!req.body.empty()) {
      msg.set(http::field::content_type, req.content_type.empty() ? "application/octet-stream" : req.content_type);
      msg.body() = req.body;
    }
    msg.prepare_payload();

    conn.lowest().expires_after(options.read_timeout);
    co_await http::async_write(stream, msg, asio::redirect_error(asio::use_awaitable, ec));
    if (ec)
      co_return std::pair{ec, std::string("write-or-header")};
    const auto written = clock_type::now();

    http::response_parser<http::string_body> parser;
    parser.header_limit(64 * 1024);
    parser.body_limit(options.max_body_bytes);
    conn.lowest().expires_after(options.read_timeout);
    co_await http::async_read_header(stream, conn.buffer, parser,
                                     asio::redirect_error(asio::use_awaitable, ec));
    if (ec)
      co_return std::pair{ec, std::string(conn.buffer.size() == 0 ? "write-or-header" : "read header")};
    const auto header_at = clock_type::now();
    timing.wait = std::chrono::duration_cast<std::chrono::microseconds>(header_at - written);
    conn.lowest().expires_after(options.read_timeout);
    co_await http::async_read(stream, conn.buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
    if (ec)
      co_return std::pair{ec, std::string("read body")};
    timing.transfer = since(header_at);
    conn.lowest().expires_never();

    auto message = parser.release();
    res.status = static_cast<int>(message.result_int());
    res.content_type = std::string(message[http::field::content_type]);
    res.was_gzip = beast::iequals(message[http::field::content_encoding], "gzip");
    res.body = std::move(message.body());
    res.wire_bytes = res.body.size();
    res.timing = timing;
    keep_alive = message.keep_alive();
    co_return std::pair{ec, std::string()};
  }

  std::unique_ptr<connection> take_idle(const std::string& origin) {
    std::lock_guard lock(pool_mutex);
    auto it = idle.find(origin);
    if (it == idle.end() || it->second.empty())
      return nullptr;
    auto conn = std::move(it->second.back());
    it->second.pop_back();
    return conn;
  }

  void give_back(const std::string& origin, std::unique_ptr<connection> conn) {
    std::lock_guard lock(pool_mutex);
    auto& list = idle[origin];
    if (list.size() < options.max_idle_per_origin)
      list.push_back(std::move(conn));
  }

  client_options options;
  ssl::context tls_ctx{ssl::context::tls_client};
  // Declared before everything that holds sockets (and after the TLS context
  // their streams use), so the sockets in pending coroutines go first.
  asio::io_context io;
  asio::executor_work_guard<asio::io_context::executor_type> work;
  std::mutex pool_mutex;
  std::unordered_map<std::string, std::vector<std::unique_ptr<connection>>> idle;
  std::atomic<std::uint64_t> opened{0};
  std::vector<std::thread> threads;
};

http_client::http_client(client_options options) : impl_(std::make_unique<impl>(std::move(options))) {}
http_client::~http_client() = default;

void http_client::async_send(request req, callback done) {
  impl_->start(std::move(req), std::move(done));
}

std::future<response> http_client::send(request req) {
  auto promise = std::make_shared<std::promise<response>>();
  auto result = promise->get_future();
  async_send(std::move(req), [promise](outcome o) {
    if (auto* r = std::get_if<response>(&o))
      promise->set_value(std::move(*r));
    else
      promise->set_exception(std::make_exception_ptr(http_error(std::get<failure>(std::move(o)))));
  });
  return result;
}

void http_client::run_after(std::chrono::milliseconds delay, std::function<void()> fn) {
  auto timer = std::make_shared<asio::steady_timer>(impl_->io, delay);
  timer->async_wait([timer, fn = std::move(fn)](const boost::system::error_code& ec) {
    if (!ec)
      fn();
  });
}

std::uint64_t http_client::connections_opened() const { return impl_->opened.load(); }
const client_options& http_client::options() const { return impl_->options; }

} // namespace net
