// The optional LLM checks (an OpenAI-compatible chat-completions endpoint, as
// the original used xAI): "is this List at reasonable for the season?" and
// "which of the 17 season labels fits?". Off unless configured; a daily call
// cap; answers cached in SQLite; a timeout; and the original's safe defaults
// (reasonable, no season pick -> Year-round) whenever the service fails.
#pragma once

#include "analysis/llm_cache.hpp"
#include "analysis/season_advisor.hpp"
#include "net/http_client.hpp"

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace analysis {

struct llm_config {
  std::string base_url;  // e.g. "https://api.x.ai/v1"; empty: the checks are off
  std::string model = "grok-4-fast-reasoning";
  std::string api_key_env = "XAI_API_KEY";  // the key itself is read from here, never logged
  double temperature = 0.1;
  int daily_cap = 1000;
  std::chrono::milliseconds timeout{20'000};  // connect, and each read or write step
  std::string cache_path = "llm-cache.sqlite";
  net::client_options http;  // ca_file for tests; timeouts are set from `timeout`
  // Unix seconds now, the UTC day the daily cap counts calls by and the time
  // answers are cached at; empty: the wall clock. Tests pin it.
  std::function<std::int64_t()> now_utc;
};

struct llm_counters {
  std::uint64_t calls = 0;       // requests sent
  std::uint64_t cache_hits = 0;
  std::uint64_t capped = 0;      // questions answered by default: daily cap reached
  std::uint64_t failures = 0;    // questions answered by default: service failed
};

class llm_advisor final : public season_advisor {
public:
  llm_advisor(llm_config config, std::string api_key);
  ~llm_advisor() override;

  // Asynchronous forms: `done` runs at once on a cache hit or when capped,
  // else on the HTTP client's I/O thread. An actor uses these and turns
  // `done` into a message to itself.
  void ask_reasonable(const book_facts& book, std::string_view seasonality, int peak_month, cents list_at,
                      std::function<void(bool)> done);
  void ask_season(const book_facts& book, std::function<void(std::optional<std::string>)> done);

  // The season_advisor seam of analysis::analyze is synchronous: these wait
  // for the asynchronous forms (at most about `timeout` per step). Call them
  // only where waiting is allowed (a worker thread or a detached actor),
  // never inside a cooperative actor's handler.
  bool list_at_reasonable(const book_facts& book, std::string_view seasonality, int peak_month,
                          cents list_at_cents) override;
  std::optional<std::string> pick_season(const book_facts& book) override;

  llm_counters counters() const;

private:
  struct state;
  std::shared_ptr<state> state_;
};

// Off unless configured: nothing (and one log line saying why) when base_url
// is empty or the key's environment variable is unset or empty.
std::unique_ptr<llm_advisor> make_llm_advisor(const llm_config& config);

} // namespace analysis
