// The deal store: one SQLite file (WAL) holding the deals, the feed's state and
// the notifications outbox, written through statements prepared once at open.
#pragma once

#include "storage/deal_criteria.hpp"
#include "storage/deal_row.hpp"

#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace storage {

// Any failure of the store; the message names the operation and the ASIN or
// key it was working on.
class store_error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
  store_error(const std::string& what, int sqlite_code) : std::runtime_error(what), sqlite_code_(sqlite_code) {}
  // SQLite's primary result code when SQLite refused the operation (e.g. 13,
  // SQLITE_FULL), 0 when the store itself refused it (bad data).
  int sqlite_code() const { return sqlite_code_; }

private:
  int sqlite_code_ = 0;
};

// SQLite's primary result code behind `e` (a SQLite::Exception or a
// store_error), 0 when it is neither.
int sqlite_code_of(const std::exception& e);

struct store_options {
  // A light update that lowers Price Now by at least this fraction of the
  // previous price queues a 'price_drop' notification ([notify] drop_pct),
  // if the deal still meets the criteria.
  double price_drop_fraction = 0.10;
  // Only deals meeting these get notifications (a new one, or a drop); the
  // store records them in system_state at open for deals_profitable.
  deal_criteria criteria{};
  int busy_timeout_ms = 5000;
  // The janitor runs VACUUM after deleting more rows than this.
  std::size_t vacuum_after_deletions = 1000;
  // WAL pages (2 KiB each on a new file) before SQLite checkpoints: 4 MiB.
  // The WAL holds rows not yet in the database file, so a large one can fill
  // a small disk first; it is also cut back to this size when it restarts.
  int wal_autocheckpoint_pages = 2048;
  // Runs kept per job in job_runs: a run beyond its job's newest this many is
  // deleted when a newer one is written, so a node running for years keeps a
  // bounded log (1000 refiller runs at one a minute is the last ~17 hours).
  std::size_t job_runs_kept = 1000;
  // The writer holds a batch the database refuses for a cause of its own (a
  // full disk, a lock held elsewhere: see write_retry.hpp) and tries it again
  // after this delay, doubled after each failure up to write_retry_max_ms.
  int write_retry_first_ms = 500;
  int write_retry_max_ms = 30'000;
};

// A deal as stored, with what the store itself keeps about the row.
struct stored_deal {
  deal_row row;
  std::int64_t id = 0;  // stable across re-inserts and VACUUM
  std::optional<unix_seconds> price_missing_since_utc;
  std::optional<cents> previous_price_cents;  // Price Now before the latest write
  std::int32_t heavy_fetches = 0;
};

struct state_entry {
  std::string key;
  std::string value;
  unix_seconds updated_utc = 0;
};

// One run of a scheduled job, as the node records it when the run ends.
struct job_run {
  std::string job;              // "refiller", "backfiller", "janitor"
  unix_seconds started_utc = 0;
  unix_seconds ended_utc = 0;
  std::string outcome;          // "ok", "failed", "skipped", "stopped"
  std::string detail;           // free text: why it failed, what it did
  std::int64_t asins = 0;       // ASINs routed (janitor: rows deleted)
  std::int64_t tokens = 0;      // tokens the run spent
};

// Tokens spent, added to the UTC day of `at_utc` under `kind`.
struct token_spend {
  unix_seconds at_utc = 0;
  std::string kind;             // "deal_pages", "heavy", "offers", "light", "seller"
  std::int64_t tokens = 0;
};

// The Unix time of 00:00 UTC on the day of `t`: the key token_spend sums under.
constexpr unix_seconds utc_day_start(unix_seconds t) {
  constexpr unix_seconds day = 86'400;
  const unix_seconds into_day = t % day;
  return t - (into_day < 0 ? into_day + day : into_day);
}

// Writes applied together: all of them, or none (a feed cursor in `state`
// moves only with the rows it covers; a job run and its token spend are
// recorded with the rows the run wrote).
struct write_batch {
  std::vector<deal_row> inserts{};
  std::vector<light_update> light_updates{};
  // Remembered (or renewed); an insert of the same ASIN forgets its reject.
  std::vector<reject_row> rejects{};
  // The pending queue: rows queued (a newer lastUpdate replaces an older
  // one) and ASINs taken off it.
  std::vector<pending_row> enqueue{};
  std::vector<std::string> dequeue{};
  std::vector<state_entry> state{};
  std::vector<job_run> runs{};
  std::vector<token_spend> spend{};
};

struct batch_result {
  std::size_t new_deals = 0;     // inserts of ASINs not stored before
  std::size_t reanalysed = 0;    // inserts that updated a stored ASIN in place
  std::size_t refreshed = 0;     // light updates that found their row
  // Light updates whose ASIN is gone (e.g. the janitor got there first): the
  // caller should treat these ASINs as new.
  std::vector<std::string> not_found;
};

// The rows a batch writes: what the writer's group commit bounds a
// transaction by.
std::size_t row_count(const write_batch& batch);

// One batch's outcome in a group commit: its result, or the error (naming the
// operation and the ASIN) that kept it out.
struct group_outcome {
  std::optional<batch_result> result;
  std::string error;
};

struct notification {
  std::int64_t id = 0;
  std::string asin;
  std::string kind;  // "new_deal" or "price_drop"
  unix_seconds created_utc = 0;
  std::string payload;  // JSON object
  std::int32_t attempts = 0;  // deliveries tried and failed so far
};

// One delivery attempt of a notification, as the notifier reports it.
struct delivery_attempt {
  std::int64_t id = 0;
  unix_seconds at_utc = 0;
  bool delivered = false;  // the webhook answered 2xx
  std::string error;       // why not, when not delivered
  bool give_up = false;    // not delivered and never to be retried (the receiver refused it)
};

// The outbox at a glance (for /metrics and status): not yet delivered and
// still to be tried, delivered, and given up on.
struct notification_counts {
  std::int64_t pending = 0;
  std::int64_t sent = 0;
  std::int64_t failed = 0;
};

// Owns the one writing connection. Not thread-safe: one deal_store per
// writer; readers open their own connections (WAL lets them run alongside).
class deal_store {
public:
  // Opens or creates `file`, switches it to WAL and migrates it to the latest
  // schema. A new file (and so its -wal and -shm) is created 0600. Refused,
  // before anything writes to it: a file from a newer program (rather than
  // guessed at), a file or directory this user cannot write, a file that
  // takes no write (one probe write at open).
  explicit deal_store(const std::filesystem::path& file, store_options options = {});
  ~deal_store();
  deal_store(const deal_store&) = delete;
  deal_store& operator=(const deal_store&) = delete;

  // Which of `asins` are stored, with what the light path keeps of each.
  // One query for the whole batch.
  std::unordered_map<std::string, kept_fields> existing(std::span<const std::string> asins);

  // Which of `asins` the analysis rejected, and when; one query.
  std::unordered_map<std::string, reject_row> rejects(std::span<const std::string> asins);
  // Forgets rejects older than `cutoff` (their cooldown is over), returns how many.
  std::size_t forget_rejects_before(unix_seconds cutoff);

  // The `limit` newest pending ASINs (by the feed's lastUpdate).
  std::vector<pending_row> pending(std::size_t limit);
  std::int64_t pending_count();
  // Drops pending ASINs whose feed entry is older than `cutoff`, returns how many.
  std::size_t forget_pending_before(unix_seconds cutoff);

  // Stores an analysed deal. A stored ASIN is updated in place: its id and
  // first_seen_utc stay. Returns true when the ASIN was new ('new_deal' queued).
  bool insert(const deal_row& deal);

  // The light refresh: moves price, rank, offers, drops and the seen/fetch
  // times, keeps every analysed field. Without a price it records the absence
  // (price and profit NULL, price_missing_since_utc set). Returns false when
  // the ASIN is not stored.
  bool refresh(const light_update& update);

  // The janitor: deletes deals last seen before `cutoff`, returns how many.
  // Runs VACUUM when that is more than options.vacuum_after_deletions, then
  // a checkpoint.
  std::size_t delete_unseen_before(unix_seconds cutoff);
  void vacuum();
  // Copies the WAL into the database file and truncates the WAL to 0 bytes
  // (as far as open readers allow: they keep the pages they still read).
  void checkpoint();

  std::optional<std::string> state(std::string_view key);
  void set_state(const state_entry& entry);

  // Every write of the batch in one transaction.
  batch_result write(const write_batch& batch);
  // Every batch in one transaction, applied in order, each with its own
  // result (as if written one after the other). When that transaction fails,
  // each batch is written again alone, so a bad batch fails by itself and the
  // others commit.
  std::vector<group_outcome> write_group(std::span<const write_batch> batches);

  std::optional<stored_deal> find(std::string_view asin);
  std::int64_t deal_count();

  // The oldest `limit` notifications neither delivered nor given up on.
  std::vector<notification> pending_notifications(std::size_t limit);
  // False when the id is unknown or was already delivered.
  bool mark_delivered(std::int64_t notification_id, unix_seconds delivered_utc);
  // Records an attempt: delivered (as mark_delivered), or one more failed
  // attempt with its error, given up on when attempt.give_up. False when the
  // id is unknown or was already delivered or given up on.
  bool record_delivery(const delivery_attempt& attempt);
  notification_counts count_notifications();

  int schema_version();

private:
  void apply_segment(std::span<const write_batch> segment, std::span<batch_result> results);
  struct statements;
  std::unique_ptr<statements> db_;
};

} // namespace storage
