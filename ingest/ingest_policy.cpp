#include "ingest/ingest_policy.hpp"

namespace ingest {

ingest_policy policy_for(ingest_mode mode) {
  ingest_policy p;
  p.mode = mode;
  p.heavy_offers = mode == ingest_mode::optimal ? offers_policy::profitable : offers_policy::always;
  return p;
}

std::string_view to_string(ingest_mode mode) {
  switch (mode) {
  case ingest_mode::heavy_only:
    return "heavy-only";
  case ingest_mode::hybrid:
    return "hybrid";
  case ingest_mode::optimal:
    return "optimal";
  }
  return "?";
}

std::string_view to_string(offers_policy policy) {
  switch (policy) {
  case offers_policy::never:
    return "never";
  case offers_policy::profitable:
    return "profitable";
  case offers_policy::always:
    return "always";
  }
  return "?";
}

std::optional<ingest_mode> parse_ingest_mode(std::string_view text) {
  for (auto m : {ingest_mode::heavy_only, ingest_mode::hybrid, ingest_mode::optimal})
    if (text == to_string(m))
      return m;
  return std::nullopt;
}

std::optional<offers_policy> parse_offers_policy(std::string_view text) {
  for (auto p : {offers_policy::never, offers_policy::profitable, offers_policy::always})
    if (text == to_string(p))
      return p;
  return std::nullopt;
}

} // namespace ingest
