// The system_state keys a node writes (write_batch.state or set_state) and
// `keepa-deals status` reads. Each entry's updated_utc is the node's clock when
// the value was recorded, so status can say how old a figure is.
#pragma once

namespace storage::state_keys {

// The newest Keepa minute (decimal) the refiller has taken deals up to.
inline constexpr const char* refiller_watermark = "refiller.watermark";
// Where a resumed backfill starts: "page:chunk" of the deal feed.
inline constexpr const char* backfiller_cursor = "backfiller.cursor";

// The token bucket as the last Keepa envelope left it: the balance (may be
// negative), the plan's refill in tokens per minute, and milliseconds until
// the next refill. All decimal integers.
inline constexpr const char* bucket_tokens_left = "bucket.tokens_left";
inline constexpr const char* bucket_refill_rate = "bucket.refill_rate";
inline constexpr const char* bucket_refill_in_ms = "bucket.refill_in_ms";

// The node's clock (Unix seconds) at its last record. A simulated node runs on
// its own clock; status measures ages against this rather than the wall clock.
inline constexpr const char* node_clock_utc = "node.clock_utc";

// When each job is next due (Unix seconds on the node's clock).
inline constexpr const char* refiller_next_run_utc = "refiller.next_run_utc";
inline constexpr const char* backfiller_next_run_utc = "backfiller.next_run_utc";
inline constexpr const char* janitor_next_run_utc = "janitor.next_run_utc";

} // namespace storage::state_keys
