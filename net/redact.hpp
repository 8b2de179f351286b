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

// Replaces every occurrence of `secret` in `text` with "***", in every form
// it can take on the way to a server and back: raw, percent-encoded with
// upper- or lower-case hex (as url_encode sends it, or as a server re-encodes
// it), "+" for a space, and any mix of these byte by byte. A secret shorter
// than 4 bytes is left alone (it would hide ordinary text).
std::string scrub_secret(std::string_view text, std::string_view secret);

} // namespace net
