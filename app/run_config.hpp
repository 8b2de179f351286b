// Settings of `keepa-deals run`: defaults, then the TOML config file, then
// command-line flags. The API key comes from KEEPA_API_KEY only, so it is in
// no file and no shell history, and it is never printed.
#pragma once

#include "analysis/llm_client.hpp"
#include "analysis/settings.hpp"
#include "ingest/fetch_profiles.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

namespace app {

struct run_config {
  // [store]
  std::filesystem::path db = "deals.db";
  std::int32_t retention_hours = 72;
  // [keepa]
  std::string keepa_url;  // empty: Keepa itself when a key is set, else the embedded replay
  std::string api_key;    // KEEPA_API_KEY
  std::int32_t domain = 1;
  std::int32_t token_rate = 5;  // the plan's tokens per minute
  std::string ca_file;          // extra CA bundle (tests with a throw-away CA)
  // [ingest]
  ingest::fetch_profiles profiles = ingest::default_fetch_profiles();
  std::size_t chunk_size = 100;
  std::size_t max_in_flight = 2;
  // [feed]
  std::int32_t interval_seconds = 60;
  std::int32_t max_pages = 50;
  std::size_t max_new_deals = 200;
  bool once = false;
  // [backfill]
  bool backfill = false;  // run the backfiller instead of the refiller
  std::size_t backfill_chunk_size = 20;
  std::size_t backfill_max_deals = 3000;
  // [replay]
  std::optional<std::filesystem::path> replay_dir;
  std::size_t demo_products = 300;
  std::uint64_t demo_seed = 42;
  std::int32_t demo_hours_between_passes = 6;
  // [analysis]
  analysis::settings settings;
  // [analysis.llm]: the optional LLM checks, off while base_url is empty
  analysis::llm_config llm;
};

class config_error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

// Reads [store], [keepa], [ingest], [feed], [replay] and [analysis] from
// `file` over the defaults. Errors name the file, the section and the key.
run_config load_run_config(const std::filesystem::path& file);

// Which job `run` does with this configuration.
enum class run_mode { embedded_replay, replay_dir, live, backfill };
run_mode mode_of(const run_config& config);

} // namespace app
