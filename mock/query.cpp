// Query-string decoding for the mock's endpoints.
#include "mock/query.hpp"

#include "mock/request_error.hpp"
#include "net/url.hpp"

#include <charconv>

namespace mock {

std::string percent_decode(std::string_view text, std::string_view what) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+') {
      out.push_back(' ');
    } else if (c == '%') {
      if (i + 2 >= text.size() || net::hex_digit_value(text[i + 1]) < 0 || net::hex_digit_value(text[i + 2]) < 0)
        throw invalid_parameter("bad percent escape in " + std::string(what) + " at character " + std::to_string(i));
      out.push_back(static_cast<char>(net::hex_digit_value(text[i + 1]) * 16 + net::hex_digit_value(text[i + 2])));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

query parse_target(std::string_view target) {
  query q;
  const auto question = target.find('?');
  q.path = percent_decode(target.substr(0, question), "the path");
  // Keepa answers "/product/" as "/product", and the keepa Python client
  // sends the slash: one trailing slash names the same endpoint.
  if (q.path.size() > 1 && q.path.back() == '/')
    q.path.pop_back();
  if (question == std::string_view::npos)
    return q;
  std::string_view rest = target.substr(question + 1);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view item = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    if (item.empty())
      continue;
    const auto eq = item.find('=');
    std::string name = percent_decode(item.substr(0, eq), "a parameter name");
    std::string value = eq == std::string_view::npos ? std::string{} : percent_decode(item.substr(eq + 1), "parameter " + name);
    q.params.emplace_back(std::move(name), std::move(value));
  }
  return q;
}

const std::string* query::find(std::string_view name) const {
  const std::string* found = nullptr;
  for (const auto& [key, value] : params)
    if (key == name)
      found = &value;
  return found;
}

std::optional<std::int64_t> query::optional_integer(std::string_view name, std::int64_t min, std::int64_t max) const {
  const std::string* text = find(name);
  if (!text)
    return std::nullopt;
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc{} || end != text->data() + text->size() || text->empty())
    throw invalid_parameter("parameter " + std::string(name) + " must be an integer, got '" + *text + "'");
  if (value < min || value > max)
    throw invalid_parameter("parameter " + std::string(name) + " must be within " + std::to_string(min) + ".." +
                            std::to_string(max) + ", got " + std::to_string(value));
  return value;
}

std::int64_t query::integer(std::string_view name, std::int64_t fallback, std::int64_t min, std::int64_t max) const {
  return optional_integer(name, min, max).value_or(fallback);
}

bool query::flag(std::string_view name) const {
  const std::string* text = find(name);
  if (!text)
    return false;
  if (text->empty() || *text == "1" || *text == "true")
    return true;
  if (*text == "0" || *text == "false")
    return false;
  throw invalid_parameter("parameter " + std::string(name) + " must be 0 or 1, got '" + *text + "'");
}

std::vector<std::string> split_list(std::string_view text) {
  std::vector<std::string> items;
  while (!text.empty()) {
    const auto comma = text.find(',');
    const std::string_view item = text.substr(0, comma);
    if (!item.empty())
      items.emplace_back(item);
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
  }
  return items;
}

} // namespace mock
