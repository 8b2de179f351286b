// The deal store's schema as an ordered list of migration steps; the file's
// PRAGMA user_version says how many of them it has already applied.
#pragma once

#include <span>

namespace SQLite {
class Database;
}

namespace storage {

struct migration_step {
  int version;      // user_version once this step has run
  const char* why;  // one line for errors and logs
  const char* sql;  // one or more statements, run in one transaction
};

// Oldest first; step i brings a file from version i to version i + 1.
std::span<const migration_step> schema_migrations();

// The version a file has once every step has run.
int latest_schema_version();

// `deals` is a table up to schema version 5 and a view from 6 on: whether
// the file has it as either.
bool has_deals(SQLite::Database& db);

// Where the deals' last_seen_utc and first_seen_utc live, for counts that
// should scan one table rather than the view's join: deal_live and
// deal_analysis from version 6 on, the deals table before.
struct deal_tables {
  const char* live = "deals";
  const char* analysis = "deals";
};
deal_tables deal_tables_of(SQLite::Database& db);

} // namespace storage
