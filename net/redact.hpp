// The one place that hides secrets in URLs before they reach a log line,
// an error message or an exception. Every printed URL goes through it.
#pragma once

#include <string>
#include <string_view>

namespace net {

// Replaces the value of every query parameter that carries a credential
// (key, api_key, apikey, access_token, token) with "***". Anything else,
// including a malformed URL, comes back unchanged apart from those values.
std::string redact_url(std::string_view url);

} // namespace net
