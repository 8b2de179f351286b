// Where `run`'s log goes and in what form: text or JSON lines, on stderr or
// appended to a file created 0600. The API key is scrubbed from every line,
// whatever the code that logged it did.
#pragma once

#include <string>

namespace app {

struct log_settings {
  std::string format = "text";  // "text" or "json"
  std::string file;             // empty: stderr
  std::string level = "info";
  std::string secret;           // replaced by *** in every line (the API key)
};

// Replaces the default logger. Throws std::runtime_error naming the file when
// it cannot be created or opened.
void configure_logging(const log_settings& settings);

// One log record as a JSON line (no newline): {"time":"2026-11-01T00:00:00.123Z",
// "level":"info","logger":"keepa-deals","message":"..."}. Pure, for tests.
std::string json_log_line(long long unix_ms, const std::string& level, const std::string& logger,
                          const std::string& message);

} // namespace app
