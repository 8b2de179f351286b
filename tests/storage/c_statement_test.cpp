// The light refresh's statement on the C API: it reports the rows it changed,
// names what went wrong, and runs again after an error.
#include "storage/c_statement.hpp"

#include <catch2/catch.hpp>

#include <memory>
#include <optional>
#include <string>

namespace {

struct memory_db {
  sqlite3* db = nullptr;
  memory_db() {
    REQUIRE(sqlite3_open(":memory:", &db) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db,
                         "CREATE TABLE t (k TEXT PRIMARY KEY, n INTEGER, x REAL CHECK (x IS NULL OR x >= 0));"
                         "INSERT INTO t VALUES ('a', 1, 1.5), ('b', 2, NULL)",
                         nullptr, nullptr, nullptr) == SQLITE_OK);
  }
  ~memory_db() { sqlite3_close(db); }
  std::string row(const char* key) {
    std::string out;
    const std::string sql = std::string("SELECT quote(n) || ',' || quote(x) FROM t WHERE k = '") + key + "'";
    sqlite3_exec(
        db, sql.c_str(),
        [](void* into, int, char** values, char**) {
          *static_cast<std::string*>(into) = values[0];
          return 0;
        },
        &out, nullptr);
    return out;
  }
};

} // namespace

TEST_CASE("a c_statement binds text, integers, reals and NULLs and returns the rows it changed") {
  memory_db m;
  storage::c_statement update(m.db, "UPDATE t SET n = ?2, x = ?3 WHERE k = ?1");
  const std::string a = "a", b = "b", missing = "missing";  // bound without a copy
  update.bind(1, a);
  update.bind(2, std::int64_t{42});
  update.bind(3, std::optional<double>{});
  CHECK(update.exec() == 1);
  CHECK(m.row("a") == "42,NULL");

  update.bind(1, b);
  update.bind(2, std::optional<std::int32_t>{7});
  update.bind(3, std::optional<double>{0.25});
  CHECK(update.exec() == 1);
  CHECK(m.row("b") == "7,0.25");

  update.bind(1, missing);
  CHECK(update.exec() == 0);
}

TEST_CASE("a c_statement throws SQLite's own words and runs again after the error") {
  memory_db m;
  storage::c_statement update(m.db, "UPDATE t SET n = ?2, x = ?3 WHERE k = ?1");
  const std::string a = "a";

  SECTION("a value bound to a slot the statement does not have") {
    update.bind(9, std::int64_t{1});  // first: the binds after it take
    update.bind(1, a);
    update.bind(2, std::int64_t{5});
    update.bind(3, std::optional<double>{2.0});
    CHECK_THROWS_WITH(update.exec(), Catch::Contains("out of range"));
    CHECK(m.row("a") == "1,1.5");  // not run
  }
  SECTION("a row the table refuses") {
    update.bind(1, a);
    update.bind(2, std::int64_t{5});
    update.bind(3, std::optional<double>{-1.0});
    CHECK_THROWS_WITH(update.exec(), Catch::Contains("CHECK constraint failed"));
    CHECK(m.row("a") == "1,1.5");
  }
  update.bind(1, a);
  update.bind(2, std::int64_t{3});
  update.bind(3, std::optional<double>{0.5});
  CHECK(update.exec() == 1);
  CHECK(m.row("a") == "3,0.5");
}

TEST_CASE("SQL that does not prepare is refused with SQLite's reason") {
  memory_db m;
  CHECK_THROWS_WITH(storage::c_statement(m.db, "UPDATE nowhere SET n = 1"), Catch::Contains("no such table"));
}
