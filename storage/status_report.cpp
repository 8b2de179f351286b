// read_status: one read-only connection, one read transaction (a consistent
// snapshot next to a writing node), plain queries. The state keys it reads are
// documented in storage/state_keys.hpp.
#include "storage/status_report.hpp"

#include "storage/schema.hpp"
#include "storage/state_keys.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <fmt/format.h>

#include <charconv>
#include <chrono>
#include <utility>

namespace storage {
namespace {

struct job_keys {
  const char* job;
  const char* next_run_key;
};
constexpr std::array<job_keys, 3> jobs{{
    {"refiller", state_keys::refiller_next_run_utc},
    {"backfiller", state_keys::backfiller_next_run_utc},
    {"janitor", state_keys::janitor_next_run_utc},
}};

class status_reader {
public:
  explicit status_reader(const std::filesystem::path& file)
      : file_(file),
        // A busy timeout only matters for a rollback-journal file whose writer
        // holds the lock; WAL readers never wait.
        db_(file, SQLite::OPEN_READONLY, 5000) {}

  status_report read(std::optional<unix_seconds> now) {
    status_report r;
    r.db = file_;
    SQLite::Transaction snapshot(db_);  // BEGIN DEFERRED: takes no write lock
    r.schema_version = check_version();
    load_state();
    resolve_now(r, now);
    count_deals(r);
    read_tokens(r);
    count_notifications(r);
    for (std::size_t i = 0; i < jobs.size(); ++i) r.jobs[i] = read_job(jobs[i]);
    r.refiller_watermark = text(state_keys::refiller_watermark);
    r.backfiller_cursor = text(state_keys::backfiller_cursor);
    snapshot.commit();
    return r;
  }

private:
  [[noreturn]] void fail(std::string_view problem) const {
    throw store_error(fmt::format("deal store {}: {}", file_.string(), problem));
  }

  int check_version() {
    const int found = db_.execAndGet("PRAGMA user_version").getInt();
    const int latest = latest_schema_version();
    if (found > latest) {
      fail(fmt::format("schema version {} is newer than this program knows (latest {}); "
                       "refusing to read it",
                       found, latest));
    }
    if (found < 1 || !has_deals(db_) || !db_.tableExists("system_state")) {
      fail(fmt::format("not a keepa-deals store (schema version {}, no deals or system_state table)",
                       found));
    }
    return found;
  }

  void count_notifications(status_report& r) {
    if (!db_.tableExists("notifications")) return;
    const bool has_failed = r.schema_version >= 5;
    SQLite::Statement s(db_, has_failed
                                 ? "SELECT count(*) FILTER (WHERE delivered_utc IS NULL AND failed_utc IS NULL), "
                                   "count(delivered_utc), count(failed_utc) FROM notifications"
                                 : "SELECT count(*) FILTER (WHERE delivered_utc IS NULL), count(delivered_utc), 0 "
                                   "FROM notifications");
    s.executeStep();
    r.notifications = {s.getColumn(0).getInt64(), s.getColumn(1).getInt64(), s.getColumn(2).getInt64()};
  }

  // system_state is a handful of rows: read them all once.
  void load_state() {
    SQLite::Statement s(db_, "SELECT key, value, updated_utc FROM system_state");
    while (s.executeStep()) {
      state_entry e{s.getColumn(0).getString(), s.getColumn(1).getString(),
                    s.getColumn(2).getInt64()};
      state_.emplace(e.key, std::move(e));
    }
  }

  const state_entry* entry(const char* key) const {
    const auto it = state_.find(key);
    return it == state_.end() ? nullptr : &it->second;
  }

  std::optional<std::string> text(const char* key) const {
    const state_entry* e = entry(key);
    return e ? std::optional<std::string>(e->value) : std::nullopt;
  }

  // A number the node wrote; anything else is reported rather than shown as 0.
  std::optional<std::int64_t> integer(const char* key) const {
    const state_entry* e = entry(key);
    if (!e) return std::nullopt;
    std::int64_t value = 0;
    const char* end = e->value.data() + e->value.size();
    const auto [ptr, ec] = std::from_chars(e->value.data(), end, value);
    if (ec != std::errc{} || ptr != end) {
      fail(fmt::format("state key '{}' holds '{}', not a decimal integer", key, e->value));
    }
    return value;
  }

  void resolve_now(status_report& r, std::optional<unix_seconds> now) const {
    if (now) {
      r.as_of_utc = *now;
      r.clock = status_clock::given;
    } else if (const auto node = integer(state_keys::node_clock_utc)) {
      r.as_of_utc = *node;
      r.clock = status_clock::node_clock;
    } else {
      r.as_of_utc = std::chrono::duration_cast<std::chrono::seconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count();
      r.clock = status_clock::wall_clock;
    }
  }

  void count_deals(status_report& r) {
    constexpr unix_seconds hour = 3600;
    SQLite::Statement ages(db_, fmt::format("SELECT count(*), "
                                            "count(*) FILTER (WHERE last_seen_utc > ?1), "
                                            "count(*) FILTER (WHERE last_seen_utc > ?2), "
                                            "count(*) FILTER (WHERE last_seen_utc > ?3) FROM {}",
                                            deal_tables_of(db_).live));
    ages.bind(1, r.as_of_utc - hour);
    ages.bind(2, r.as_of_utc - 24 * hour);
    ages.bind(3, r.as_of_utc - 72 * hour);
    ages.executeStep();
    r.deals_total = ages.getColumn(0).getInt64();
    r.seen_within_1h = ages.getColumn(1).getInt64();
    r.seen_within_24h = ages.getColumn(2).getInt64();
    r.seen_within_72h = ages.getColumn(3).getInt64();

    SQLite::Statement sources(db_, "SELECT source, count(*) FROM deals GROUP BY source");
    while (sources.executeStep()) {
      r.deals_by_source[sources.getColumn(0).getString()] = sources.getColumn(1).getInt64();
    }
  }

  void read_tokens(status_report& r) {
    r.token_balance = integer(state_keys::bucket_tokens_left);
    r.refill_rate = integer(state_keys::bucket_refill_rate);
    r.refill_in_ms = integer(state_keys::bucket_refill_in_ms);
    if (const state_entry* e = entry(state_keys::bucket_tokens_left)) r.tokens_seen_utc = e->updated_utc;

    if (!db_.tableExists("token_spend")) return;  // before schema version 3
    SQLite::Statement s(db_,
                        "SELECT kind, sum(tokens), sum(tokens) FILTER (WHERE day_utc = ?1) "
                        "FROM token_spend GROUP BY kind");
    s.bind(1, utc_day_start(r.as_of_utc));
    while (s.executeStep()) {
      const std::string kind = s.getColumn(0).getString();
      const std::int64_t total = s.getColumn(1).getInt64();
      r.spent_total[kind] = total;
      r.spent_all_total += total;
      if (!s.getColumn(2).isNull()) {
        const std::int64_t today = s.getColumn(2).getInt64();
        r.spent_today[kind] = today;
        r.spent_today_total += today;
      }
    }
  }

  job_status read_job(const job_keys& keys) {
    job_status j;
    j.job = keys.job;
    j.next_run_utc = integer(keys.next_run_key);
    if (!db_.tableExists("job_runs")) return j;  // before schema version 3

    SQLite::Statement count(db_, "SELECT count(*) FROM job_runs WHERE job = ?1");
    count.bind(1, keys.job);
    count.executeStep();
    j.runs = count.getColumn(0).getInt64();

    // The same order the store prunes by: newest start, later write on a tie.
    SQLite::Statement last(db_,
                           "SELECT started_utc, ended_utc, outcome, detail, asins, tokens "
                           "FROM job_runs WHERE job = ?1 ORDER BY started_utc DESC, id DESC LIMIT 1");
    last.bind(1, keys.job);
    if (last.executeStep()) {
      j.last_run = job_run{keys.job,
                           last.getColumn(0).getInt64(),
                           last.getColumn(1).getInt64(),
                           last.getColumn(2).getString(),
                           last.getColumn(3).getString(),
                           last.getColumn(4).getInt64(),
                           last.getColumn(5).getInt64()};
    }
    return j;
  }

  std::filesystem::path file_;
  SQLite::Database db_;
  std::map<std::string, state_entry, std::less<>> state_;
};

} // namespace

status_report read_status(const std::filesystem::path& db, std::optional<unix_seconds> now) {
  // Checked first: SQLite's own message for a missing file ("unable to open
  // database file") does not say which of path or permissions is wrong.
  std::error_code ec;
  const auto type = std::filesystem::status(db, ec).type();
  if (type == std::filesystem::file_type::not_found) {
    throw store_error(fmt::format("deal store {}: no such file", db.string()));
  }
  if (!ec && type != std::filesystem::file_type::regular) {
    throw store_error(fmt::format("deal store {}: not a regular file", db.string()));
  }
  try {
    return status_reader(db).read(now);
  } catch (const store_error&) {
    throw;
  } catch (const std::exception& e) {
    throw store_error(fmt::format("deal store {}: cannot read: {}", db.string(), e.what()));
  }
}

} // namespace storage
