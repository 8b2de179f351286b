// The LLM checks' memory in SQLite: answers by title|category|publisher and
// question, and the calls made per UTC day (the daily cap survives restarts).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace SQLite {
class Database;
}

namespace analysis {

class llm_cache {
public:
  // Opens or creates the file (":memory:" for a private one); creates
  // llm_cache(key TEXT PRIMARY KEY, answer, created_utc) and llm_calls.
  explicit llm_cache(const std::string& path);
  ~llm_cache();

  std::optional<std::string> find(const std::string& key);
  void store(const std::string& key, const std::string& answer, std::int64_t now_utc);

  // Counts one call for the UTC day of `now_utc` unless `cap` were already
  // made that day; false then.
  bool reserve_call(std::int64_t now_utc, int cap);
  int calls_on(std::int64_t now_utc);

private:
  std::mutex mutex_;
  std::unique_ptr<SQLite::Database> db_;
};

// title|category|publisher|question
std::string llm_cache_key(std::string_view title, std::string_view category, std::string_view publisher,
                          std::string_view question_kind);

} // namespace analysis
