// A prepared statement on SQLite's C API, for the one statement that runs
// once per row at the rate the store is measured by: the light refresh. Its
// binds go straight to SQLite and are checked once, when it runs; SQLiteCpp's
// checked calls (a library call and a check per value, 18 values a row) were
// about 1.5 % of bench_light_updates' profile. Everything else stays on
// SQLiteCpp. Private to storage/: it includes sqlite3.h.
#pragma once

#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

namespace storage {

class c_statement {
public:
  // Throws SQLite::Exception when the SQL does not prepare.
  c_statement(sqlite3* db, const char* sql) : db_(db) {
    if (const int code = sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement_, nullptr);
        code != SQLITE_OK)
      throw SQLite::Exception(db, code);
  }
  ~c_statement() { sqlite3_finalize(statement_); }
  c_statement(const c_statement&) = delete;
  c_statement& operator=(const c_statement&) = delete;

  // Text is bound without a copy: it must live until exec() returns.
  void bind(int index, const std::string& value) {
    take(sqlite3_bind_text(statement_, index, value.data(), static_cast<int>(value.size()), SQLITE_STATIC));
  }
  void bind(int index, std::string&& value) = delete;  // gone before exec() reads it
  // Anything else (a literal would become the bool 1, an int is ambiguous)
  // is refused rather than converted.
  template <class T>
  void bind(int index, const T& value) = delete;
  void bind(int index, bool value) { take(sqlite3_bind_int(statement_, index, value ? 1 : 0)); }
  void bind(int index, std::int64_t value) { take(sqlite3_bind_int64(statement_, index, value)); }
  template <class T>
  void bind(int index, const std::optional<T>& value) {
    if (!value)
      take(sqlite3_bind_null(statement_, index));
    else if constexpr (std::is_floating_point_v<T>)
      take(sqlite3_bind_double(statement_, index, *value));
    else
      take(sqlite3_bind_int64(statement_, index, *value));
  }

  // Runs the statement to its end, resets it and returns the rows it
  // changed. Throws SQLite::Exception for the first bind that failed since
  // the last run, or for the run's own error.
  int exec() {
    if (const int code = std::exchange(bind_error_, SQLITE_OK); code != SQLITE_OK) {
      sqlite3_reset(statement_);
      // By the code, not the connection's message: a later bind that took
      // has set that back to "not an error".
      throw SQLite::Exception(sqlite3_errstr(code), code);
    }
    int code = sqlite3_step(statement_);
    while (code == SQLITE_ROW) code = sqlite3_step(statement_);
    if (code != SQLITE_DONE) {
      SQLite::Exception error(db_, code);  // before the reset, which may change the message
      sqlite3_reset(statement_);
      throw error;
    }
    sqlite3_reset(statement_);
    return sqlite3_changes(db_);
  }

private:
  void take(int code) {
    if (code != SQLITE_OK && bind_error_ == SQLITE_OK) bind_error_ = code;
  }

  sqlite3* db_;
  sqlite3_stmt* statement_ = nullptr;
  int bind_error_ = SQLITE_OK;
};

} // namespace storage
