// Settings of `keepa-deals run`, in one struct: defaults (each written once,
// in the struct that uses it: kd::node_config and its parts), then the TOML
// config file, then command-line flags. The API key comes from KEEPA_API_KEY
// only, so it is in no file and no shell history, and it is never printed.
#pragma once

#include "actors/node.hpp"
#include "analysis/llm_client.hpp"
#include "net/listen_address.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

namespace app {

inline constexpr const char* keepa_api_url = "https://api.keepa.com";

// Where the build put the bundled demo capture (the source tree's data/).
std::filesystem::path default_demo_capture();

// [http]: /metrics, /healthz and the status page, off by default.
struct http_settings {
  std::string listen;         // "127.0.0.1:8088"; empty: no HTTP server
  bool allow_remote = false;  // an address other than loopback needs this
};

struct run_config {
  // [keepa]
  std::string keepa_url;  // empty: Keepa itself when a key is set, else the embedded replay
  std::string api_key;    // KEEPA_API_KEY
  std::int32_t domain = 1;
  std::string ca_file;    // extra CA bundle (tests with a throw-away CA)
  // [keepa] timeout_seconds: how long one read or write of an exchange may
  // take before it counts as failed (and is retried); none: the client's default.
  std::optional<std::int32_t> timeout_seconds;
  // [keepa] max_attempts: tries of one call before a network failure, a
  // timeout or a 5xx is final (429 waits do not count); none: the client's 8.
  std::optional<std::int32_t> max_attempts;
  // The node: [store] db and retention_hours, [keepa] token_rate, [ingest],
  // [feed], [backfill], [schedule] and [analysis].
  kd::node_config node;
  // [capture]: every exchange of the node with Keepa recorded (run --capture)
  std::optional<std::filesystem::path> capture_dir;
  std::int64_t capture_max_mb = 256;  // a session's segment rotates at this size
  // [replay]
  std::optional<std::filesystem::path> replay_dir;  // a capture, or a directory of /product bodies
  // The embedded default's bundled capture (made against the mock, see README);
  // when it is missing, the synthetic universe below is replayed instead.
  std::filesystem::path demo_capture = default_demo_capture();
  bool synthetic_demo = false;  // --demo-products/--demo-seed or [replay] demo_*: the universe, not the capture
  std::size_t demo_products = 300;
  std::uint64_t demo_seed = 42;
  std::int32_t demo_hours_between_passes = 6;
  // [analysis.llm]: the optional LLM checks, off while base_url is empty
  analysis::llm_config llm;
  // [deals]: the feed's selection (the refiller walks it newest first, the
  // backfiller by percent delta); min_profit, min_margin and the peek's
  // thresholds go to node.pipeline.store.criteria and node.pipeline.peek.
  keepa::deal_selection feed = keepa::original_deal_query();
  // [log]
  std::string log_format = "text";  // or "json": one JSON object a line
  std::string log_file;             // empty: stderr; else appended to, created 0600
  http_settings http;

  const std::filesystem::path& db() const { return node.pipeline.db_file; }
  std::int32_t token_rate() const { return node.pipeline.bucket.refill_per_minute; }
  std::int32_t retention_hours() const { return node.janitor.retention_hours; }
};

class config_error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

// Reads the sections above from `file` over the defaults. Errors name the
// file, the section and the key.
run_config load_run_config(const std::filesystem::path& file);

// Copies what [deals] says into the node's parts (both feed jobs' selections);
// call once the file and the flags are read.
void finish_run_config(run_config& config);

// Which job `run` does with this configuration.
enum class run_mode { embedded_replay, replay_dir, node };
run_mode mode_of(const run_config& config);

// Refuses, with a message that says what to do, a node that cannot work: a
// malformed Keepa URL, or Keepa itself without KEEPA_API_KEY.
void check_node_config(const run_config& config);

// The HTTP server's address, checked: none when [http] listen is empty;
// config_error for a malformed address, or one other machines could reach
// without allow_remote = true.
std::optional<net::listen_address> http_listen(const http_settings& http);

// A Keepa URL on loopback: the project's mock server, which takes any key.
bool is_local_mock(const run_config& config);

// `refill,backfill,janitor` (any subset, comma-separated) as job switches.
kd::job_switches parse_job_list(const std::string& list);

} // namespace app
