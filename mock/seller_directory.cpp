// Deterministic sellers derived from a hash of the id.
#include "mock/seller_directory.hpp"

#include <cstdint>
#include <string>

namespace mock {
namespace {

std::uint64_t fnv1a(std::string_view text) {
  std::uint64_t h = 14695981039346656037ull;
  for (char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

} // namespace

bool valid_seller_id(std::string_view id) {
  if (id.empty() || id.size() > 20)
    return false;
  for (char c : id)
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
      return false;
  return true;
}

keepa::seller seller_for(std::string_view id) {
  const std::uint64_t h = fnv1a(id);
  keepa::seller s;
  s.seller_id = std::string(id);
  s.name = "Mock Books " + std::to_string(h % 10000);
  // Most marketplace sellers sit between 85 % and 100 % positive.
  s.current_rating = static_cast<std::int32_t>(85 + (h >> 16) % 16);
  s.current_rating_count = static_cast<std::int32_t>(1 + (h >> 32) % 50000);
  return s;
}

} // namespace mock
