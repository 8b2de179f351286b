// URL splitting and percent-encoding for the HTTP client.
#include "net/url.hpp"

#include "net/redact.hpp"

#include <charconv>
#include <stdexcept>

namespace net {

namespace {
[[noreturn]] void bad(std::string_view text, const char* what) {
  throw std::invalid_argument("bad URL '" + redact_url(text) + "': " + what);
}
} // namespace

std::string url::host_header() const {
  const bool default_port = (tls() && port == 443) || (!tls() && port == 80);
  return default_port ? host : host + ":" + std::to_string(port);
}

std::string url::origin() const {
  return scheme + "://" + host + ":" + std::to_string(port);
}

url parse_url(std::string_view text) {
  url out;
  const auto scheme_end = text.find("://");
  if (scheme_end == std::string_view::npos)
    bad(text, "no scheme (expected http:// or https://)");
  out.scheme = std::string(text.substr(0, scheme_end));
  if (out.scheme != "http" && out.scheme != "https")
    bad(text, "scheme is neither http nor https");
  auto rest = text.substr(scheme_end + 3);
  const auto path_start = rest.find_first_of("/?");
  auto authority = rest.substr(0, path_start);
  out.target = path_start == std::string_view::npos ? "/" : std::string(rest.substr(path_start));
  if (out.target.front() == '?')
    out.target.insert(out.target.begin(), '/');
  if (authority.find('@') != std::string_view::npos)
    bad(text, "user info in URLs is not supported");
  const auto colon = authority.rfind(':');
  if (colon != std::string_view::npos && authority.find(']') == std::string_view::npos) {
    const auto port_text = authority.substr(colon + 1);
    unsigned port = 0;
    auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc{} || end != port_text.data() + port_text.size() || port == 0 || port > 65535)
      bad(text, "port is not a number in 1..65535");
    out.port = static_cast<std::uint16_t>(port);
    authority = authority.substr(0, colon);
  } else {
    out.port = out.tls() ? 443 : 80;
  }
  if (authority.empty())
    bad(text, "no host");
  out.host = std::string(authority);
  return out;
}

std::string url_encode(std::string_view value) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(value.size() * 3);
  for (unsigned char c : value) {
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

} // namespace net
