// The store's files on disk: a file it refuses is left as it was found, new
// files are owner-only, and the WAL stays small (checkpointed at ~4 MiB and
// truncated after each janitor run).
#include "storage/deal_store.hpp"
#include "storage/schema.hpp"
#include "store_fixture.hpp"

#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <sys/stat.h>

using namespace storage_test;

namespace {

std::string bytes_of(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

unsigned mode_of(const std::filesystem::path& file) {
  struct stat st {};
  REQUIRE(::stat(file.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

std::uintmax_t size_or_zero(const std::filesystem::path& file) {
  std::error_code ec;
  const auto n = std::filesystem::file_size(file, ec);
  return ec ? 0 : n;
}

std::filesystem::path with_suffix(const std::filesystem::path& file, const char* suffix) {
  return file.string() + suffix;
}

// Sets the umask for one scope and puts the old one back.
struct scoped_umask {
  explicit scoped_umask(mode_t mask) : old(::umask(mask)) {}
  ~scoped_umask() { ::umask(old); }
  mode_t old;
};

// `n` deals seen at `seen`, each with a title long enough to fill most of a
// 2 KiB page, so n rows are about n pages of WAL.
storage::write_batch wide_deals(int first, int n, storage::unix_seconds seen) {
  storage::write_batch batch;
  for (int i = first; i < first + n; ++i) {
    auto d = sample_deal(std::to_string(1'000'000'000 + i), seen);
    d.title = std::string(1500, static_cast<char>('a' + i % 26));
    batch.inserts.push_back(std::move(d));
  }
  return batch;
}

} // namespace

TEST_CASE("a file from a newer schema is refused before anything writes to it") {
  temp_dir dir;
  const auto file = dir.file("deals.db");
  {
    // As a newer program might leave it: rollback journal, one table, a version
    // this program does not know.
    SQLite::Database newer(file, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    newer.exec("CREATE TABLE future (x INTEGER)");
    newer.exec("INSERT INTO future VALUES (1)");
    newer.exec("PRAGMA user_version = " + std::to_string(storage::latest_schema_version() + 1));
  }
  const std::string before = bytes_of(file);
  REQUIRE_FALSE(before.empty());
  CHECK_THROWS_WITH(storage::deal_store(file), Catch::Contains("newer than this program knows") &&
                                                   Catch::Contains(file.string()));
  CHECK(bytes_of(file) == before);  // not even the journal mode's header bytes
  CHECK_FALSE(std::filesystem::exists(with_suffix(file, "-wal")));
  SQLite::Database check(file, SQLite::OPEN_READONLY);
  CHECK(check.execAndGet("PRAGMA journal_mode").getString() == "delete");
}

TEST_CASE("a new store and its -wal and -shm files are owner-only (0600) whatever the umask") {
  temp_dir dir;
  const auto file = dir.file("deals.db");
  for (const mode_t mask : {mode_t{022}, mode_t{0}}) {
    scoped_umask umask_for_this(mask);
    std::filesystem::remove(file);
    storage::deal_store store(file);
    store.insert(sample_deal("0134093410"));
    // While the store is open its WAL and shared-memory files exist.
    CHECK(mode_of(file) == 0600);
    CHECK(mode_of(with_suffix(file, "-wal")) == 0600);
    CHECK(mode_of(with_suffix(file, "-shm")) == 0600);
  }
}

TEST_CASE("an existing file keeps its mode") {
  temp_dir dir;
  const auto file = dir.file("deals.db");
  { storage::deal_store store(file); }
  std::filesystem::permissions(file, std::filesystem::perms(0640));
  storage::deal_store store(file);
  CHECK(mode_of(file) == 0640);
}

TEST_CASE("the WAL is checkpointed at about 4 MiB and does not grow to tens of MB") {
  temp_dir dir;
  const auto file = dir.file("deals.db");
  storage::deal_store store(file);
  std::uintmax_t largest = 0;
  // 16 batches of 400 wide rows: some 13 MB written to the WAL in all.
  for (int b = 0; b < 16; ++b) {
    store.write(wide_deals(b * 400, 400, t0));
    largest = std::max(largest, size_or_zero(with_suffix(file, "-wal")));
  }
  INFO("largest WAL: " << largest << " bytes");
  CHECK(largest > 0);
  // The autocheckpoint size plus one batch (~1 MB), with room to spare.
  CHECK(largest < 6u * 1024 * 1024);
  CHECK(store.deal_count() == 6400);
}

TEST_CASE("a janitor run that deleted rows leaves the WAL truncated") {
  temp_dir dir;
  const auto file = dir.file("deals.db");
  storage::deal_store store(file);
  store.write(wide_deals(0, 600, t0));
  store.write(wide_deals(600, 600, t0 + 10 * hour));
  REQUIRE(size_or_zero(with_suffix(file, "-wal")) > 512u * 1024);  // the rows are in the WAL
  // Fewer than vacuum_after_deletions (1000): no VACUUM, only the checkpoint.
  CHECK(store.delete_unseen_before(t0 + hour) == 600);
  CHECK(size_or_zero(with_suffix(file, "-wal")) < 64u * 1024);
  CHECK(store.deal_count() == 600);
  // The rows are in the database file itself now.
  SQLite::Database reader(file, SQLite::OPEN_READONLY);
  CHECK(reader.execAndGet("SELECT count(*) FROM deals").getInt() == 600);
}
