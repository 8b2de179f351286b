// The fault queue and the names faults go by on the command line and over HTTP.
#include "mock/fault_queue.hpp"

#include <array>
#include <stdexcept>
#include <string>
#include <utility>

namespace mock {
namespace {

constexpr std::array<std::pair<fault_kind, std::string_view>, 13> canonical_names{{
    {fault_kind::token_storm, "storm"},
    {fault_kind::service_unavailable, "503"},
    {fault_kind::internal_error, "500"},
    {fault_kind::slow, "slow"},
    {fault_kind::drop_connection, "drop"},
    {fault_kind::truncated_gzip, "truncated-gzip"},
    {fault_kind::malformed_json, "malformed-json"},
    {fault_kind::missing_products, "missing-products"},
    {fault_kind::bad_gateway, "502"},
    {fault_kind::reset_mid_body, "reset"},
    {fault_kind::oversized, "oversized"},
    {fault_kind::duplicate_products, "duplicates"},
    {fault_kind::feed_shift, "feed-shift"},
}};

constexpr std::array<std::pair<fault_kind, std::string_view>, 13> enum_names{{
    {fault_kind::token_storm, "token_storm"},
    {fault_kind::service_unavailable, "service_unavailable"},
    {fault_kind::internal_error, "internal_error"},
    {fault_kind::slow, "slow"},
    {fault_kind::drop_connection, "drop_connection"},
    {fault_kind::truncated_gzip, "truncated_gzip"},
    {fault_kind::malformed_json, "malformed_json"},
    {fault_kind::missing_products, "missing_products"},
    {fault_kind::bad_gateway, "bad_gateway"},
    {fault_kind::reset_mid_body, "reset_mid_body"},
    {fault_kind::oversized, "oversized"},
    {fault_kind::duplicate_products, "duplicate_products"},
    {fault_kind::feed_shift, "feed_shift"},
}};

bool known_endpoint(std::string_view e) {
  return e.empty() || e == "product" || e == "deal" || e == "seller" || e == "token";
}

} // namespace

std::optional<fault_kind> fault_kind_from_name(std::string_view name) {
  for (const auto& [kind, text] : canonical_names)
    if (text == name)
      return kind;
  std::string underscored(name);
  for (char& c : underscored)
    if (c == '-')
      c = '_';
  for (const auto& [kind, text] : enum_names)
    if (text == underscored)
      return kind;
  return std::nullopt;
}

std::string_view fault_kind_name(fault_kind kind) {
  for (const auto& [k, text] : canonical_names)
    if (k == kind)
      return text;
  return "unknown";
}

void fault_queue::push(fault f) {
  if (f.after < 0)
    throw std::invalid_argument("fault after must not be negative, got " + std::to_string(f.after));
  if (f.count < 1)
    throw std::invalid_argument("fault count must be at least 1, got " + std::to_string(f.count));
  if (!known_endpoint(f.endpoint))
    throw std::invalid_argument("fault endpoint must be product, deal, seller or token, got '" + f.endpoint + "'");
  if (f.kind == fault_kind::slow && f.delay_ms < 0)
    throw std::invalid_argument("slow fault delay_ms must not be negative");
  if (f.kind == fault_kind::missing_products && f.missing < 1)
    throw std::invalid_argument("missing-products fault needs missing >= 1");
  if (f.kind == fault_kind::feed_shift && f.shift < 1)
    throw std::invalid_argument("feed-shift fault needs shift >= 1");
  pending_.push_back(std::move(f));
}

std::optional<fault> fault_queue::take(std::string_view endpoint) {
  for (auto it = pending_.begin(); it != pending_.end(); ++it) {
    if (!it->endpoint.empty() && it->endpoint != endpoint)
      continue;
    if (it->after > 0) {  // this request passes; a fault behind it may still apply
      --it->after;
      continue;
    }
    fault taken = *it;
    taken.count = 1;
    if (--it->count == 0)
      pending_.erase(it);
    return taken;
  }
  return std::nullopt;
}

} // namespace mock
