// Hides credential query values in URLs (see redact.hpp).
#include "net/redact.hpp"

#include "net/url.hpp"

#include <array>
#include <cctype>

namespace net {

namespace {
bool is_secret_name(std::string_view name) {
  static constexpr std::array<std::string_view, 5> names{"key", "api_key", "apikey",
                                                         "access_token", "token"};
  for (auto n : names)
    if (name.size() == n.size()) {
      bool same = true;
      for (std::size_t i = 0; i < n.size() && same; ++i)
        same = std::tolower(static_cast<unsigned char>(name[i])) == n[i];
      if (same)
        return true;
    }
  return false;
}

// How many bytes of `text` from `at` spell `secret` in any of its forms, or 0.
// Each secret byte is itself, "%XY" in either case, or "+" for a space; a "%"
// in the secret may be raw or "%25", so both are tried.
std::size_t match_length(std::string_view text, std::size_t at, std::string_view secret) {
  if (secret.empty())
    return at;
  if (at >= text.size())
    return 0;
  const char wanted = secret.front();
  const auto rest = secret.substr(1);
  if (text[at] == wanted || (text[at] == '+' && wanted == ' '))
    if (const std::size_t end = match_length(text, at + 1, rest))
      return end;
  if (text[at] == '%' && at + 2 < text.size()) {
    const int high = hex_digit_value(text[at + 1]), low = hex_digit_value(text[at + 2]);
    if (high >= 0 && low >= 0 && high * 16 + low == static_cast<unsigned char>(wanted))
      return match_length(text, at + 3, rest);
  }
  return 0;
}
} // namespace

std::string scrub_secret(std::string_view text, std::string_view secret) {
  if (secret.size() < 4)
    return std::string(text);
  std::string out;
  out.reserve(text.size());
  for (std::size_t at = 0; at < text.size();) {
    if (const std::size_t end = match_length(text, at, secret)) {
      out += "***";
      at = end;
    } else {
      out += text[at++];
    }
  }
  return out;
}

std::string redact_url(std::string_view url) {
  const auto query = url.find('?');
  if (query == std::string_view::npos)
    return std::string(url);
  std::string out(url.substr(0, query + 1));
  auto rest = url.substr(query + 1);
  // A fragment would end the query; keep it as is.
  std::string_view fragment;
  if (auto hash = rest.find('#'); hash != std::string_view::npos) {
    fragment = rest.substr(hash);
    rest = rest.substr(0, hash);
  }
  bool first = true;
  while (true) {
    const auto amp = rest.find('&');
    const auto pair = rest.substr(0, amp);
    if (!first)
      out.push_back('&');
    first = false;
    const auto eq = pair.find('=');
    if (eq != std::string_view::npos && is_secret_name(pair.substr(0, eq)))
      out.append(pair.substr(0, eq + 1)).append("***");
    else
      out.append(pair);
    if (amp == std::string_view::npos)
      break;
    rest = rest.substr(amp + 1);
  }
  out.append(fragment);
  return out;
}

} // namespace net
