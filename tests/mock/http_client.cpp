// The tests' blocking Beast client.
#include "http_client.hpp"

#include "mock/gzip.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/write.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <optional>

namespace mock_test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

struct http_client::impl {
  std::uint16_t port;
  asio::io_context io;
  std::optional<tcp::socket> socket;
  beast::flat_buffer buffer;
  int opened = 0;

  void ensure_connected() {
    if (socket && socket->is_open())
      return;
    socket.emplace(io);
    socket->connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    buffer.clear();
    ++opened;
  }
};

http_client::http_client(std::uint16_t port) : impl_(std::make_unique<impl>()) { impl_->port = port; }
http_client::~http_client() = default;

http_reply http_client::get(std::string_view target) { return request("GET", target, {}, {}); }

http_reply http_client::post(std::string_view target, std::string_view body, std::string_view content_type) {
  return request("POST", target, body, content_type);
}

http_reply http_client::request(std::string_view method, std::string_view target, std::string_view body,
                                std::string_view content_type) {
  http_reply out;
  try {
    impl_->ensure_connected();
    http::request<http::string_body> req{http::string_to_verb(method), target, 11};
    req.set(http::field::host, "127.0.0.1");
    req.set(http::field::accept_encoding, "gzip");
    req.keep_alive(true);
    if (!body.empty() || method == "POST") {
      req.set(http::field::content_type, content_type);
      req.body() = std::string(body);
    }
    req.prepare_payload();
    http::write(*impl_->socket, req);
    http::response_parser<http::string_body> parser;
    parser.body_limit(256 * 1024 * 1024);
    http::read(*impl_->socket, impl_->buffer, parser);
    auto res = parser.release();
    out.status = static_cast<int>(res.result_int());
    out.keep_alive = res.keep_alive();
    out.content_encoding = std::string(res[http::field::content_encoding]);
    out.raw_body = std::move(res.body());
    if (out.content_encoding == "gzip") {
      try {
        out.body = mock::gzip_decompress(out.raw_body);
      } catch (const std::exception& e) {
        out.inflate_error = e.what();
      }
    } else {
      out.body = out.raw_body;
    }
    if (!out.keep_alive)
      impl_->socket.reset();
  } catch (const std::exception& e) {
    out.status = 0;
    out.transport_error = e.what();
    impl_->socket.reset();
  }
  return out;
}

std::string http_client::exchange_raw(std::string_view bytes) {
  impl_->socket.reset();
  impl_->ensure_connected();
  asio::write(*impl_->socket, asio::buffer(bytes.data(), bytes.size()));
  std::string received;
  char chunk[4096];
  beast::error_code ec;
  for (;;) {
    const std::size_t n = impl_->socket->read_some(asio::buffer(chunk), ec);
    received.append(chunk, n);
    if (ec)
      break;
  }
  impl_->socket.reset();
  return received;
}

int http_client::connections_opened() const { return impl_->opened; }

} // namespace mock_test
