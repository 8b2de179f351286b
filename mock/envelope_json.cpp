// Envelope members in Keepa's field names and order; quoting.
#include "mock/envelope_json.hpp"

namespace mock {

std::string envelope_members(const keepa::envelope& env) {
  std::string out;
  out.reserve(160);
  out += "\"timestamp\":" + std::to_string(env.timestamp_ms);
  out += ",\"tokensLeft\":" + std::to_string(env.tokens_left);
  out += ",\"refillIn\":" + std::to_string(env.refill_in_ms);
  out += ",\"refillRate\":" + std::to_string(env.refill_rate);
  out += ",\"tokenFlowReduction\":" + std::to_string(env.token_flow_reduction);
  out += ",\"tokensConsumed\":" + std::to_string(env.tokens_consumed);
  out += ",\"processingTimeInMs\":" + std::to_string(env.processing_time_ms);
  return out;
}

std::string json_quote(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) {
      out += '?';
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string error_json(std::string_view message) { return "{\"error\":" + json_quote(message) + "}"; }

} // namespace mock
