// The mock's HTTP/1.1 transport (Boost.Beast, async, keep-alive, body limits)
// and the mock_server facade over keepa_service. The mock's only Beast TU.
#include "mock/mock_server.hpp"

#include "mock/envelope_json.hpp"
#include "mock/gzip.hpp"
#include "mock/keepa_service.hpp"

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
#include <vector>

namespace mock {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

constexpr auto idle_timeout = std::chrono::seconds(60);
constexpr auto drain_timeout = std::chrono::seconds(5);
constexpr std::uint32_t header_limit = 16 * 1024;
constexpr std::string_view loopback = "127.0.0.1";

// One connection: read a request, answer it (perhaps late, perhaps not at
// all when a fault says so), and read the next while the client keeps it alive.
class session : public std::enable_shared_from_this<session> {
public:
  session(tcp::socket socket, keepa_service& service, const server_options& options)
      : stream_(std::move(socket)), timer_(stream_.get_executor()), service_(service), options_(options) {}

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

    const http::request<http::string_body> request = parser_->release();
    reply r;
    try {
      r = service_.handle(request.method_string(), request.target(), request.body());
    } catch (const std::exception& e) {
      r = reply{};
      r.status = 500;
      r.gzip = false;
      r.body = error_json(std::string("mock server failure: ") + e.what());
    }
    if (r.drop_connection)
      return close();
    prepare(r, request.keep_alive());
    if (r.reset_mid_body || r.oversized)
      return write_broken(r.oversized);
    if (r.delay_ms > 0) {
      timer_.expires_after(std::chrono::milliseconds(r.delay_ms));
      timer_.async_wait([self = shared_from_this()](beast::error_code wait_ec) {
        if (!wait_ec)
          self->write();
      });
      return;
    }
    write();
  }

  void prepare(reply& r, bool keep_alive) {
    response_ = {};
    response_.version(11);
    response_.result(static_cast<http::status>(r.status));
    response_.set(http::field::server, "keepa-deals-mock");
    response_.set(http::field::content_type, "application/json;charset=UTF-8");
    if (r.gzip) {
      std::string compressed = gzip_compress(r.body, options_.gzip_level);
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
    raw_ = "HTTP/1.1 200 OK\r\nServer: keepa-deals-mock\r\nContent-Type: application/json;charset=UTF-8\r\n"
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
    reply r;
    r.status = status;
    r.gzip = false;
    r.body = error_json(why);
    prepare(r, false);
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
  std::string raw_;  // a broken answer's bytes, alive until written
  keepa_service& service_;
  const server_options& options_;
};

void check_options(const server_options& o) {
  if (o.address != loopback)
    throw std::invalid_argument("the mock Keepa server binds to 127.0.0.1 only; refusing address '" + o.address + "'");
  if (o.threads < 1 || o.threads > 64)
    throw std::invalid_argument("threads must be 1..64, got " + std::to_string(o.threads));
  if (o.gzip_level < 0 || o.gzip_level > 9)
    throw std::invalid_argument("gzip level must be 0..9, got " + std::to_string(o.gzip_level));
}

} // namespace

struct mock_server::impl {
  server_options options;
  keepa_service service;  // outlives the io_context, whose handlers hold sessions
  std::unique_ptr<asio::io_context> io;
  std::unique_ptr<tcp::acceptor> acceptor;
  std::vector<std::thread> threads;
  std::uint16_t port = 0;
  bool started = false;

  explicit impl(server_options o) : options((check_options(o), std::move(o))), service(options) {}

  void accept() {
    acceptor->async_accept(asio::make_strand(*io), [this](beast::error_code ec, tcp::socket socket) {
      if (ec == asio::error::operation_aborted || !acceptor->is_open())
        return;
      if (!ec) {
        service.count_connection();
        std::make_shared<session>(std::move(socket), service, options)->run();
      }
      accept();
    });
  }
};

mock_server::mock_server(server_options options) : impl_(std::make_unique<impl>(std::move(options))) {}

mock_server::~mock_server() { stop(); }

void mock_server::start() {
  if (impl_->started)
    throw std::logic_error("the mock server was already started");
  impl_->started = true;
  impl_->io = std::make_unique<asio::io_context>(static_cast<int>(impl_->options.threads));
  impl_->acceptor = std::make_unique<tcp::acceptor>(*impl_->io);
  const tcp::endpoint endpoint(asio::ip::make_address(std::string(loopback)), impl_->options.port);
  beast::error_code ec;
  impl_->acceptor->open(endpoint.protocol(), ec);
  if (!ec)
    impl_->acceptor->set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec)
    impl_->acceptor->bind(endpoint, ec);
  if (!ec)
    impl_->acceptor->listen(asio::socket_base::max_listen_connections, ec);
  if (ec)
    throw std::runtime_error("the mock Keepa server cannot listen on 127.0.0.1:" + std::to_string(impl_->options.port) +
                             ": " + ec.message());
  impl_->port = impl_->acceptor->local_endpoint().port();
  impl_->accept();
  for (std::size_t i = 0; i < impl_->options.threads; ++i)
    impl_->threads.emplace_back([io = impl_->io.get()] { io->run(); });
}

void mock_server::stop() {
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

std::uint16_t mock_server::port() const { return impl_->port; }
server_stats mock_server::stats() const { return impl_->service.stats(); }
std::string mock_server::stats_json() const { return mock::stats_json(impl_->service.stats()); }
void mock_server::advance(std::chrono::milliseconds by) { impl_->service.advance(by); }
std::int64_t mock_server::now_ms() const { return impl_->service.now_ms(); }
void mock_server::inject(const fault& f) { impl_->service.inject(f); }
void mock_server::clear_faults() { impl_->service.clear_faults(); }

} // namespace mock
