// Text into HTML: every value the status page shows goes through here.
#pragma once

#include <string>
#include <string_view>

namespace web {

// Escapes & < > " ' so the text is safe in element content and in quoted attributes.
std::string html_escape(std::string_view text);

} // namespace web
