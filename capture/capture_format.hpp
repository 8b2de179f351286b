// The capture's on-disk format, readable by a person and writable by hand:
//
//   DIR/session-0001/session.json          how the run that recorded it ran
//   DIR/session-0001/segment-0001/exchanges.jsonl
//   DIR/session-0001/segment-0001/000001.json.gz   one body per answered exchange
//
// One session per `run --capture DIR`, numbered after the sessions already
// there; a session's exchanges go to segment after segment, a new one once
// the current holds `capture.max_mb`, so old segments can be archived or
// deleted whole. Each line of exchanges.jsonl is one attempt of one call:
//
//   {"seq":1,"call":1,"attempt":1,"path":"/product","query":"domain=1&asin=...",
//    "status":200,"body":"000001.json.gz","bodyBytes":12345,
//    "envelope":{"timestamp":...,"tokensLeft":...,"refillIn":...,"refillRate":...,"tokensConsumed":...}}
//
// `status` 0 means no HTTP answer came (then "failure" says why, and there is
// no body); "envelope" is left out when the body had none. The key is never
// written: queries are recorded without it, and bodies have it scrubbed.
#pragma once

#include "keepa/client_query.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace capture {

inline constexpr std::string_view format_name = "keepa-deals capture 1";
inline constexpr std::string_view session_file = "session.json";
inline constexpr std::string_view exchanges_file = "exchanges.jsonl";

// What a replay needs to run a session's node the way it ran.
struct session_header {
  std::int32_t session = 0;
  std::string mode;               // "optimal", "hybrid", "heavy-only"
  bool once = false;
  std::vector<std::string> jobs;  // "refill", "backfill", "janitor"
  std::int32_t token_rate = 0;
  // The feeds the jobs walked ([deals]); the replay walks the same, so its
  // /deal requests are the recorded ones whatever its own config says.
  std::optional<keepa::deal_selection> refill_feed{}, backfill_feed{};
  // The caps that decide how far a run walks and what it asks for; absent
  // (0) in a hand-written header: the replay's own config decides.
  struct walk_limits {
    std::int64_t refill_max_pages = 0, backfill_max_pages = 0, backfill_max_deals = 0, backfill_chunk = 0;
    std::int64_t light_max_age_seconds = 0;
  } limits{};
};

std::string session_dir_name(std::int32_t session);  // "session-0001"
std::string segment_dir_name(std::int32_t segment);  // "segment-0001"
std::string body_file_name(std::uint64_t seq);       // "000001.json.gz"

std::string to_json(const session_header& header);
// Throws std::runtime_error naming `where` and the field on a bad header.
session_header parse_session_header(std::string_view json, std::string_view where);

// keepa::selection_json read back. Throws std::runtime_error naming `where`.
keepa::deal_selection parse_selection(std::string_view json, std::string_view where);

// A JSON string literal (quotes included) for `text`.
std::string json_quote(std::string_view text);

} // namespace capture
