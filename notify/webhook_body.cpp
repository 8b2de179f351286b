#include "notify/webhook_body.hpp"

#include "synth/json_writer.hpp"

namespace notify {

std::string idempotency_key(const storage::notification& n) {
  return "kd-" + std::to_string(n.id) + "-" + n.asin + "-" + n.kind + "-" + std::to_string(n.created_utc);
}

std::string webhook_body(const storage::notification& n) {
  std::string out;
  synth::json_writer w(out);
  w.raw("{\"idempotency_key\":");
  w.string(idempotency_key(n));
  w.raw(",\"id\":");
  w.number(n.id);
  w.raw(",\"kind\":");
  w.string(n.kind);
  w.raw(",\"asin\":");
  w.string(n.asin);
  w.raw(",\"created_utc\":");
  w.number(n.created_utc);
  w.raw(",\"amazon_url\":");
  w.string("https://www.amazon.com/dp/" + n.asin);
  // The payload is a JSON object SQLite's json_object() wrote.
  w.raw(",\"details\":");
  w.raw(n.payload.empty() ? std::string_view("{}") : std::string_view(n.payload));
  w.raw("}");
  return out;
}

} // namespace notify
