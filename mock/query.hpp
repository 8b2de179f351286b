// The request target split into a path and decoded query parameters, with
// typed readers that reject bad values by name (400 invalidParameter).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mock {

struct query {
  std::string path;
  std::vector<std::pair<std::string, std::string>> params;

  // The last value given for `name`, if any.
  const std::string* find(std::string_view name) const;
  bool has(std::string_view name) const { return find(name) != nullptr; }

  // An integer in [min, max]; `fallback` when absent.
  std::int64_t integer(std::string_view name, std::int64_t fallback, std::int64_t min, std::int64_t max) const;
  std::optional<std::int64_t> optional_integer(std::string_view name, std::int64_t min, std::int64_t max) const;
  // 0/1 flags; a bare `name` or `name=` counts as 1 (Keepa accepts `only-live-offers`).
  bool flag(std::string_view name) const;
};

// Throws request_error on a bad percent escape.
query parse_target(std::string_view target);
std::string percent_decode(std::string_view text, std::string_view what);
// Splits a comma list, dropping empty items.
std::vector<std::string> split_list(std::string_view text);

} // namespace mock
