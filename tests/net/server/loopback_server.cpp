// Beast coroutine server behind loopback::server (see the header).
#include "tests/net/server/loopback_server.hpp"

#include "net/gzip.hpp"

#include <utility>  // Boost 1.74 awaitable.hpp uses std::exchange without it

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
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
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace loopback {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using asio::use_awaitable;

class server::impl {
public:
  impl(handler h, std::optional<tls_files> tls)
      : script(std::move(h)), acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    if (tls) {
      tls_ctx = std::make_unique<ssl::context>(ssl::context::tls_server);
      tls_ctx->use_certificate_chain_file(tls->cert_file);
      tls_ctx->use_private_key_file(tls->key_file, ssl::context::pem);
    }
    asio::co_spawn(io, accept_loop(), asio::detached);
    thread = std::thread([this] { io.run(); });
  }

  ~impl() {
    io.stop();
    thread.join();
  }

  asio::awaitable<void> accept_loop() {
    for (;;) {
      boost::system::error_code ec;
      tcp::socket socket = co_await acceptor.async_accept(asio::redirect_error(use_awaitable, ec));
      if (ec)
        co_return;
      const auto id = ++accepted;
      if (tls_ctx)
        asio::co_spawn(io, serve_tls(std::move(socket), id), asio::detached);
      else
        asio::co_spawn(io, serve(beast::tcp_stream(std::move(socket)), id), asio::detached);
    }
  }

  asio::awaitable<void> serve_tls(tcp::socket socket, std::uint64_t id) {
    beast::ssl_stream<beast::tcp_stream> stream(beast::tcp_stream(std::move(socket)), *tls_ctx);
    boost::system::error_code ec;
    co_await stream.async_handshake(ssl::stream_base::server, asio::redirect_error(use_awaitable, ec));
    if (ec)
      co_return;  // the client refused our certificate: nothing to serve
    co_await serve(std::move(stream), id);
  }

  template <class Stream>
  asio::awaitable<void> serve(Stream stream, std::uint64_t id) {
    beast::flat_buffer buffer;
    for (;;) {
      boost::system::error_code ec;
      http::request<http::string_body> req;
      co_await http::async_read(stream, buffer, req, asio::redirect_error(use_awaitable, ec));
      if (ec)
        co_return;
      received r{std::string(req.method_string()), std::string(req.target()), req.body(), {}, id};
      for (const auto& field : req) {
        std::string name(field.name_string());
        for (auto& c : name)
          c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        r.headers[name] = std::string(field.value());
      }
      {
        std::lock_guard lock(mutex);
        seen.push_back(r);
      }
      scripted_reply reply = script(r);
      if (reply.delay.count() > 0 || reply.fault_kind == fault::hang) {
        asio::steady_timer timer(io, reply.fault_kind == fault::hang ? std::chrono::hours(1) : reply.delay);
        co_await timer.async_wait(asio::redirect_error(use_awaitable, ec));
      }
      if (reply.fault_kind == fault::drop_before_reply)
        co_return;  // the stream closes as it goes out of scope

      http::response<http::string_body> res{static_cast<http::status>(reply.status), 11};
      res.set(http::field::content_type, reply.content_type);
      if (reply.pre_gzipped) {
        res.set(http::field::content_encoding, "gzip");
        res.body() = reply.body;
      } else if (reply.gzip) {
        res.set(http::field::content_encoding, "gzip");
        res.body() = net::gzip(reply.body);
        if (reply.fault_kind == fault::truncated_gzip)
          res.body().resize(res.body().size() / 2);
      } else {
        res.body() = reply.body;
      }
      res.keep_alive(req.keep_alive() && !reply.close_after);
      res.prepare_payload();
      co_await http::async_write(stream, res, asio::redirect_error(use_awaitable, ec));
      if (ec || !res.keep_alive())
        co_return;
    }
  }

  handler script;
  asio::io_context io;
  tcp::acceptor acceptor;
  std::unique_ptr<ssl::context> tls_ctx;
  std::atomic<std::uint64_t> accepted{0};
  mutable std::mutex mutex;
  std::vector<received> seen;
  std::thread thread;
};

server::server(handler h, std::optional<tls_files> tls)
    : impl_(std::make_unique<impl>(std::move(h), std::move(tls))) {}
server::~server() = default;

std::uint16_t server::port() const { return impl_->acceptor.local_endpoint().port(); }

std::string server::base_url() const {
  return std::string(impl_->tls_ctx ? "https" : "http") + "://127.0.0.1:" + std::to_string(port());
}

std::uint64_t server::connections_accepted() const { return impl_->accepted.load(); }

std::vector<received> server::requests() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->seen;
}

tls_files make_localhost_certificate(const std::string& dir) {
  std::filesystem::create_directories(dir);
  tls_files files{dir + "/cert.pem", dir + "/key.pem"};
  const std::string command =
      "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost"
      " -addext subjectAltName=DNS:localhost,IP:127.0.0.1"
      " -keyout '" + files.key_file + "' -out '" + files.cert_file + "' >/dev/null 2>&1";
  if (std::system(command.c_str()) != 0)
    throw std::runtime_error("openssl req failed to make a test certificate in " + dir);
  return files;
}

} // namespace loopback
