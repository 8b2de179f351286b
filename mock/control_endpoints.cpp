// The control endpoints and the stats JSON.
#include "mock/control_endpoints.hpp"

#include "mock/envelope_json.hpp"
#include "mock/query.hpp"
#include "mock/request_error.hpp"

#include <limits>
#include <stdexcept>

namespace mock {
namespace {

std::string advance(keepa_service& service, const query& q) {
  const std::int64_t ms = q.integer("ms", 0, 0, std::numeric_limits<std::int32_t>::max()) +
                          q.integer("seconds", 0, 0, 100'000'000) * 1000 +
                          q.integer("minutes", 0, 0, 10'000'000) * 60'000 +
                          q.integer("hours", 0, 0, 1'000'000) * 3'600'000 +
                          q.integer("days", 0, 0, 100'000) * 86'400'000;
  if (ms == 0)
    throw invalid_parameter("POST /mock/advance needs minutes=N (or ms, seconds, hours, days) above 0");
  service.advance(std::chrono::milliseconds(ms));
  return "{\"clock_ms\":" + std::to_string(service.now_ms()) + "}";
}

std::string inject(keepa_service& service, const query& q) {
  const std::string* name = q.find("kind");
  if (!name)
    throw invalid_parameter("POST /mock/fault needs kind=storm|503|500|502|slow|drop|reset|truncated-gzip|"
                            "malformed-json|missing-products|duplicates|feed-shift|oversized");
  const auto kind = fault_kind_from_name(*name);
  if (!kind)
    throw invalid_parameter("unknown fault kind '" + *name +
                            "'; use storm, 503, 500, 502, slow, drop, reset, truncated-gzip, malformed-json, "
                            "missing-products, duplicates, feed-shift or oversized");
  fault f;
  f.kind = *kind;
  f.count = static_cast<int>(q.integer("count", 1, 1, 1'000'000));
  f.delay_ms = static_cast<int>(q.integer("delay_ms", 0, 0, 600'000));
  f.missing = static_cast<int>(q.integer("missing", 1, 1, 100));
  f.shift = static_cast<int>(q.integer("shift", 1, 1, 10'000));
  f.after = static_cast<int>(q.integer("after", 0, 0, 1'000'000));
  if (const std::string* endpoint = q.find("endpoint"))
    f.endpoint = *endpoint;
  service.inject(f);
  return "{\"pending_faults\":" + std::to_string(service.stats().pending_faults) + "}";
}

} // namespace

reply handle_control(keepa_service& service, std::string_view method, std::string_view target) {
  reply r;
  r.gzip = false;
  try {
    const query q = parse_target(target);
    if (q.path == "/mock/stats" && method == "GET") {
      r.body = stats_json(service.stats());
    } else if (q.path == "/mock/advance" && method == "POST") {
      r.body = advance(service, q);
    } else if (q.path == "/mock/fault" && method == "POST") {
      r.body = inject(service, q);
    } else if (q.path == "/mock/fault" && method == "DELETE") {
      service.clear_faults();
      r.body = "{\"pending_faults\":0}";
    } else {
      r.status = 404;
      r.body = error_json(std::string(method) + " " + q.path +
                          " is not a control endpoint: GET /mock/stats, POST /mock/advance, POST or DELETE /mock/fault");
    }
  } catch (const std::invalid_argument& e) {  // a bad fault
    r.status = 400;
    r.body = error_json(e.what());
  } catch (const std::logic_error& e) {  // advancing a real clock
    r.status = 409;
    r.body = error_json(e.what());
  } catch (const request_error& e) {
    r.status = 400;
    r.body = error_json(e.what());
  }
  return r;
}

std::string stats_json(const server_stats& s) {
  std::string out = "{\"tokens_charged_total\":" + std::to_string(s.tokens_charged_total) + ",\"tokens_charged\":{";
  bool first = true;
  for (const auto& [kind, tokens] : s.tokens_charged) {
    out += (first ? "" : ",") + json_quote(kind) + ":" + std::to_string(tokens);
    first = false;
  }
  out += "},\"requests_total\":" + std::to_string(s.requests_total) + ",\"responses_by_status\":{";
  first = true;
  for (const auto& [status, count] : s.responses_by_status) {
    out += (first ? "\"" : ",\"") + std::to_string(status) + "\":" + std::to_string(count);
    first = false;
  }
  out += "},\"connections_accepted\":" + std::to_string(s.connections_accepted);
  out += ",\"connections_dropped\":" + std::to_string(s.connections_dropped);
  out += ",\"tokens_left\":" + std::to_string(s.tokens_left);
  out += ",\"refill_rate\":" + std::to_string(s.refill_rate);
  out += ",\"clock_ms\":" + std::to_string(s.clock_ms);
  out += std::string(",\"simulated_clock\":") + (s.simulated_clock ? "true" : "false");
  out += ",\"pending_faults\":" + std::to_string(s.pending_faults);
  out += ",\"universe_products\":" + std::to_string(s.universe_products);
  out += ",\"replayed_products\":" + std::to_string(s.replayed_products);
  return out + "}";
}

} // namespace mock
