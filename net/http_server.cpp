// The server's transport: Boost.Beast, async, one session per connection,
// keep-alive, body and header limits. The only Beast TU of the server.
#include "net/http_server.hpp"

#include "net/gzip.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <array>
#include <optional>
#include <stdexcept>
#include <thread>

namespace net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

constexpr auto idle_timeout = std::chrono::seconds(60);
constexpr auto drain_timeout = std::chrono::seconds(5);
constexpr std::uint32_t header_limit = 16 * 1024;

http_response plain_refusal(int status, const std::string& why) {
  http_response r;
  r.status = status;
  r.body = why + "\n";
  return r;
}

// One connection: read a request, answer it (perhaps late, perhaps not at
// all when the handler says so), and read the next while the client keeps it alive.
class session : public std::enable_shared_from_this<session> {
public:
  session(tcp::socket socket, const http_handler& handler, const http_server_options& options)
      : stream_(std::move(socket)), timer_(stream_.get_executor()), handler_(handler), options_(options) {}

  void run() {
    asio::dispatch(stream_.get_executor(), beast::bind_front_handler(&session::read, shared_from_this()));
  }

private:
  void read() {
    parser_.emplace();
    parser_->body_limit(options_.body_limit);
    parser_->header_limit(header_limit);
    stream_.expires_after(idle_timeout);
    http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&session::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec == http::error::body_limit)
      return refuse(413, "request body over " + std::to_string(options_.body_limit) + " bytes");
    if (ec == http::error::header_limit)
      return refuse(431, "request header over " + std::to_string(header_limit) + " bytes");
    if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::operation_aborted)
      return close();
    if (ec)
      return refuse(400, "malformed HTTP request: " + ec.message());

    http::request<http::string_body> parsed = parser_->release();
    http_request request;
    request.method = std::string(parsed.method_string());
    request.target = std::string(parsed.target());
    request.body = std::move(parsed.body());
    request.keep_alive = parsed.keep_alive();
    http_response r;
    try {
      r = handler_(request);
    } catch (const std::exception& e) {
      r = refusal(500, std::string("handler failure: ") + e.what());
    }
    if (r.drop_connection)
      return close();
    const bool broken = r.reset_mid_body || r.oversized;
    const bool oversized = r.oversized;
    prepare(std::move(r), request.keep_alive);
    if (broken)
      return write_broken(oversized);
    if (delay_ms_ > 0) {
      timer_.expires_after(std::chrono::milliseconds(delay_ms_));
      timer_.async_wait([self = shared_from_this()](beast::error_code wait_ec) {
        if (!wait_ec)
          self->write();
      });
      return;
    }
    write();
  }

  http_response refusal(int status, const std::string& why) const {
    return options_.refusal ? options_.refusal(status, why) : plain_refusal(status, why);
  }

  void prepare(http_response r, bool keep_alive) {
    delay_ms_ = r.delay_ms;
    response_ = {};
    response_.version(11);
    response_.result(static_cast<http::status>(r.status));
    response_.set(http::field::server, options_.server_name);
    response_.set(http::field::content_type, r.content_type);
    for (const auto& [name, value] : r.headers)
      response_.set(name, value);
    if (r.gzip) {
      std::string compressed = gzip(r.body, options_.gzip_level);
      if (r.truncate_gzip)
        compressed.resize(compressed.size() / 2);
      response_.set(http::field::content_encoding, "gzip");
      response_.body() = std::move(compressed);
    } else {
      response_.body() = std::move(r.body);
    }
    response_.keep_alive(keep_alive);
    response_.prepare_payload();
  }

  // Faults that break the answer on the wire: the header (announcing the
  // whole body, or 1 GiB when oversized), half the body, then a TCP reset
  // (SO_LINGER 0), as a proxy that crashed mid-answer would leave it.
  void write_broken(bool oversized) {
    const std::string& body = response_.body();
    const std::size_t announced = oversized ? std::size_t{1} << 30 : body.size();
    raw_ = "HTTP/1.1 200 OK\r\nServer: " + options_.server_name + "\r\nContent-Type: application/json;charset=UTF-8\r\n"
           "Content-Encoding: gzip\r\nContent-Length: " + std::to_string(announced) + "\r\n\r\n" +
           body.substr(0, body.size() / 2);
    stream_.expires_after(idle_timeout);
    asio::async_write(stream_.socket(), asio::buffer(raw_), [self = shared_from_this()](beast::error_code, std::size_t) {
      beast::error_code ignored;
      self->stream_.socket().set_option(asio::socket_base::linger(true, 0), ignored);
      self->stream_.socket().close(ignored);
    });
  }

  void write() {
    stream_.expires_after(idle_timeout);
    http::async_write(stream_, response_, beast::bind_front_handler(&session::on_write, shared_from_this()));
  }

  void on_write(beast::error_code ec, std::size_t) {
    if (ec)
      return close();
    if (!response_.keep_alive())
      return finish();
    read();
  }

  // Closing with unread request bytes would reset the connection and could
  // destroy the answer just sent (a refused oversized body): say we are done,
  // then drain what the client still sends until it closes or times out.
  void finish() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(drain_timeout);
    drain();
  }

  void drain() {
    stream_.async_read_some(asio::buffer(drain_buffer_), [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec)
        return self->close();
      self->drain();
    });
  }

  // Answers a request the parser rejected, then closes: the stream is unusable.
  void refuse(int status, const std::string& why) {
    prepare(refusal(status, why), false);
    write();
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.socket().close(ignored);
  }

  beast::tcp_stream stream_;
  asio::steady_timer timer_;
  beast::flat_buffer buffer_;
  std::array<char, 4096> drain_buffer_{};
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> response_;
  int delay_ms_ = 0;
  std::string raw_;  // a broken answer's bytes, alive until written
  const http_handler& handler_;
  const http_server_options& options_;
};

void check_options(const http_server_options& o) {
  if (o.threads < 1 || o.threads > 64)
    throw std::invalid_argument("http server: threads must be 1..64, got " + std::to_string(o.threads));
  if (o.gzip_level < 0 || o.gzip_level > 9)
    throw std::invalid_argument("http server: gzip level must be 0..9, got " + std::to_string(o.gzip_level));
  beast::error_code ec;
  asio::ip::make_address(o.address, ec);
  if (ec)
    throw std::invalid_argument("http server: '" + o.address + "' is not an IP address");
}

} // namespace

struct http_server::impl {
  http_server_options options;
  http_handler handler;  // outlives the io_context, whose handlers hold sessions
  std::unique_ptr<asio::io_context> io;
  std::unique_ptr<tcp::acceptor> acceptor;
  std::vector<std::thread> threads;
  std::uint16_t port = 0;
  bool started = false;

  impl(http_server_options o, http_handler h)
      : options((check_options(o), std::move(o))), handler(std::move(h)) {}

  void accept() {
    acceptor->async_accept(asio::make_strand(*io), [this](beast::error_code ec, tcp::socket socket) {
      if (ec == asio::error::operation_aborted || !acceptor->is_open())
        return;
      if (!ec) {
        if (options.on_accept)
          options.on_accept();
        std::make_shared<session>(std::move(socket), handler, options)->run();
      }
      accept();
    });
  }
};

http_server::http_server(http_server_options options, http_handler handler)
    : impl_(std::make_unique<impl>(std::move(options), std::move(handler))) {}

http_server::~http_server() { stop(); }

void http_server::start() {
  if (impl_->started)
    throw std::logic_error("the http server was already started");
  impl_->started = true;
  impl_->io = std::make_unique<asio::io_context>(static_cast<int>(impl_->options.threads));
  impl_->acceptor = std::make_unique<tcp::acceptor>(*impl_->io);
  const tcp::endpoint endpoint(asio::ip::make_address(impl_->options.address), impl_->options.port);
  beast::error_code ec;
  impl_->acceptor->open(endpoint.protocol(), ec);
  if (!ec)
    impl_->acceptor->set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec)
    impl_->acceptor->bind(endpoint, ec);
  if (!ec)
    impl_->acceptor->listen(asio::socket_base::max_listen_connections, ec);
  if (ec)
    throw std::runtime_error("cannot listen on " + impl_->options.address + ":" +
                             std::to_string(impl_->options.port) + ": " + ec.message());
  impl_->port = impl_->acceptor->local_endpoint().port();
  impl_->accept();
  for (std::size_t i = 0; i < impl_->options.threads; ++i)
    impl_->threads.emplace_back([io = impl_->io.get()] { io->run(); });
}

void http_server::stop() {
  if (!impl_ || !impl_->io)
    return;
  asio::post(*impl_->io, [acceptor = impl_->acceptor.get()] {
    beast::error_code ignored;
    acceptor->close(ignored);
  });
  impl_->io->stop();
  for (auto& t : impl_->threads)
    t.join();
  impl_->threads.clear();
  // Destroying the context destroys the handlers that hold the sessions,
  // which closes every connection still open.
  impl_->acceptor.reset();
  impl_->io.reset();
}

std::uint16_t http_server::port() const { return impl_->port; }

} // namespace net
