// The deal store's schema as an ordered list of migration steps; the file's
// PRAGMA user_version says how many of them it has already applied.
#pragma once

#include <span>

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

} // namespace storage
