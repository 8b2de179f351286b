// Hides credential query values in URLs (see redact.hpp).
#include "net/redact.hpp"

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
} // namespace

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
