// SQLite storage of LLM answers and of the daily call count.
#include "analysis/llm_cache.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <ctime>

namespace analysis {

namespace {
std::string utc_day(std::int64_t unix_seconds) {
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}
} // namespace

std::string llm_cache_key(std::string_view title, std::string_view category, std::string_view publisher,
                          std::string_view question_kind) {
  std::string key;
  key.append(title).append("|").append(category).append("|").append(publisher).append("|").append(question_kind);
  return key;
}

llm_cache::llm_cache(const std::string& path)
    : db_(std::make_unique<SQLite::Database>(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE)) {
  db_->exec("CREATE TABLE IF NOT EXISTS llm_cache(key TEXT PRIMARY KEY, answer TEXT NOT NULL, "
            "created_utc INTEGER NOT NULL)");
  db_->exec("CREATE TABLE IF NOT EXISTS llm_calls(day TEXT PRIMARY KEY, calls INTEGER NOT NULL)");
}

llm_cache::~llm_cache() = default;

std::optional<std::string> llm_cache::find(const std::string& key) {
  std::lock_guard lock(mutex_);
  SQLite::Statement q(*db_, "SELECT answer FROM llm_cache WHERE key = ?");
  q.bind(1, key);
  if (q.executeStep())
    return q.getColumn(0).getString();
  return std::nullopt;
}

void llm_cache::store(const std::string& key, const std::string& answer, std::int64_t now_utc) {
  std::lock_guard lock(mutex_);
  SQLite::Statement q(*db_, "INSERT INTO llm_cache(key, answer, created_utc) VALUES(?, ?, ?) "
                            "ON CONFLICT(key) DO UPDATE SET answer = excluded.answer, "
                            "created_utc = excluded.created_utc");
  q.bind(1, key);
  q.bind(2, answer);
  q.bind(3, static_cast<int64_t>(now_utc));
  q.exec();
}

bool llm_cache::reserve_call(std::int64_t now_utc, int cap) {
  if (cap <= 0)
    return false;
  std::lock_guard lock(mutex_);
  SQLite::Statement q(*db_, "INSERT INTO llm_calls(day, calls) VALUES(?, 1) "
                            "ON CONFLICT(day) DO UPDATE SET calls = calls + 1 WHERE calls < ?");
  q.bind(1, utc_day(now_utc));
  q.bind(2, cap);
  return q.exec() == 1;
}

int llm_cache::calls_on(std::int64_t now_utc) {
  std::lock_guard lock(mutex_);
  SQLite::Statement q(*db_, "SELECT calls FROM llm_calls WHERE day = ?");
  q.bind(1, utc_day(now_utc));
  return q.executeStep() ? q.getColumn(0).getInt() : 0;
}

} // namespace analysis
