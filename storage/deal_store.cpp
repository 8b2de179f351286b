// The deal store on SQLiteCpp: opening (WAL, pragmas, migrations), the
// prepared statements, and every read and write the pipeline makes.
#include "storage/deal_store.hpp"

#include "storage/c_statement.hpp"
#include "storage/refresh_order.hpp"
#include "storage/schema.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace storage {

int sqlite_code_of(const std::exception& e) {
  if (const auto* s = dynamic_cast<const SQLite::Exception*>(&e))
    return s->getErrorCode() & 0xff;  // extended codes carry the primary one in the low byte
  if (const auto* s = dynamic_cast<const store_error*>(&e))
    return s->sqlite_code();
  return 0;
}

namespace {

// The columns a deal_row fills, in the order of the `deals` view, which
// read_deal reads them in. `live`: the column is in deal_live, which a light
// refresh rewrites; the others are in deal_analysis, which only a heavy fetch
// writes (schema version 6).
struct deal_column {
  const char* name;
  bool live;
};
constexpr std::array<deal_column, 34> deal_columns{{
    {"asin", false}, {"title", false}, {"price_now_cents", true}, {"price_includes_shipping", true},
    {"sales_rank", true}, {"offers_used", true}, {"offers_trend", true}, {"drops_30d", true},
    {"amazon_sells", true}, {"list_at_cents", false}, {"one_year_avg_cents", false},
    {"expected_trough_cents", false}, {"peak_month", false}, {"trough_month", false}, {"seasonality", false},
    {"sells", false}, {"profit_confidence_pct", false}, {"inferred_sales", false}, {"offer_drops", false},
    {"trend", false}, {"fba_fee_cents", false}, {"referral_fee_pct", false}, {"all_in_cost_cents", true},
    {"profit_cents", true}, {"margin_pct", true}, {"min_listing_cents", true}, {"percent_down", true},
    {"last_price_change_utc", true}, {"first_seen_utc", false}, {"last_seen_utc", true},
    {"last_heavy_fetch_utc", false}, {"last_light_fetch_utc", true}, {"source", true}, {"price_source", true}}};

// Where an upsert takes each of deal_columns: the index of its :name
// parameter, 0 where it takes none (the analysis and live upserts each name
// their own table's columns).
using deal_slots = std::array<int, deal_columns.size()>;

deal_slots slots_of(const SQLite::Statement& s) {
  deal_slots slots{};
  for (std::size_t k = 0; k < deal_columns.size(); ++k)
    slots[k] = s.getIndex(fmt::format(":{}", deal_columns[k].name).c_str());
  return slots;
}

// One value to one slot, skipped where the statement has none.
struct slot_binder {
  SQLite::Statement& s;
  const deal_slots& slots;

  void operator()(std::size_t column, const std::string& value) const {
    if (const int i = slots[column]) s.bindNoCopy(i, value);
  }
  template <class T>
  void operator()(std::size_t column, const std::optional<T>& value) const {
    if (const int i = slots[column]) value ? s.bind(i, *value) : s.bind(i);
  }
  template <class T>
  void operator()(std::size_t column, T value) const {
    if (const int i = slots[column]) s.bind(i, value);
  }
};

template <class T>
void bind_optional(SQLite::Statement& statement, int index, const std::optional<T>& value) {
  if (value) {
    statement.bind(index, *value);
  } else {
    statement.bind(index);
  }
}

// Positions as in deal_columns.
void bind_deal(SQLite::Statement& s, const deal_slots& slots, const deal_row& d) {
  const slot_binder put{s, slots};
  put(0, d.asin);
  put(1, d.title);
  put(2, d.price_now_cents);
  put(3, static_cast<int>(d.price_includes_shipping));
  put(4, d.sales_rank);
  put(5, d.offers_used);
  put(6, d.offers_trend);
  put(7, d.drops_30d);
  put(8, static_cast<int>(d.amazon_sells));
  put(9, d.list_at_cents);
  put(10, d.one_year_avg_cents);
  put(11, d.expected_trough_cents);
  put(12, d.peak_month);
  put(13, d.trough_month);
  put(14, d.seasonality);
  put(15, d.sells);
  put(16, d.profit_confidence_pct);
  put(17, d.inferred_sales);
  put(18, d.offer_drops);
  put(19, d.trend);
  put(20, d.fba_fee_cents);
  put(21, d.referral_fee_pct);
  put(22, d.all_in_cost_cents);
  put(23, d.profit_cents);
  put(24, d.margin_pct);
  put(25, d.min_listing_cents);
  put(26, d.percent_down);
  put(27, d.last_price_change_utc);
  put(28, d.first_seen_utc);
  put(29, d.last_seen_utc);
  put(30, d.last_heavy_fetch_utc);
  put(31, d.last_light_fetch_utc);
  put(32, d.source);
  put(33, d.price_source);
}

std::optional<std::int64_t> optional_int64(const SQLite::Column& c) {
  return c.isNull() ? std::nullopt : std::optional<std::int64_t>(c.getInt64());
}
std::optional<std::int32_t> optional_int32(const SQLite::Column& c) {
  return c.isNull() ? std::nullopt : std::optional<std::int32_t>(c.getInt());
}
std::optional<double> optional_double(const SQLite::Column& c) {
  return c.isNull() ? std::nullopt : std::optional<double>(c.getDouble());
}

deal_row read_deal(const SQLite::Statement& s) {
  deal_row d;
  d.asin = s.getColumn(0).getString();
  d.title = s.getColumn(1).getString();
  d.price_now_cents = optional_int64(s.getColumn(2));
  d.price_includes_shipping = s.getColumn(3).getInt() != 0;
  d.sales_rank = optional_int64(s.getColumn(4));
  d.offers_used = optional_int32(s.getColumn(5));
  d.offers_trend = s.getColumn(6).getString();
  d.drops_30d = optional_int32(s.getColumn(7));
  d.amazon_sells = s.getColumn(8).getInt() != 0;
  d.list_at_cents = optional_int64(s.getColumn(9));
  d.one_year_avg_cents = optional_int64(s.getColumn(10));
  d.expected_trough_cents = optional_int64(s.getColumn(11));
  d.peak_month = optional_int32(s.getColumn(12));
  d.trough_month = optional_int32(s.getColumn(13));
  d.seasonality = s.getColumn(14).getString();
  d.sells = s.getColumn(15).getString();
  d.profit_confidence_pct = optional_double(s.getColumn(16));
  d.inferred_sales = s.getColumn(17).getInt();
  d.offer_drops = s.getColumn(18).getInt();
  d.trend = s.getColumn(19).getString();
  d.fba_fee_cents = s.getColumn(20).getInt64();
  d.referral_fee_pct = s.getColumn(21).getDouble();
  d.all_in_cost_cents = optional_int64(s.getColumn(22));
  d.profit_cents = optional_int64(s.getColumn(23));
  d.margin_pct = optional_double(s.getColumn(24));
  d.min_listing_cents = optional_int64(s.getColumn(25));
  d.percent_down = optional_double(s.getColumn(26));
  d.last_price_change_utc = optional_int64(s.getColumn(27));
  d.first_seen_utc = s.getColumn(28).getInt64();
  d.last_seen_utc = s.getColumn(29).getInt64();
  d.last_heavy_fetch_utc = optional_int64(s.getColumn(30));
  d.last_light_fetch_utc = optional_int64(s.getColumn(31));
  d.source = s.getColumn(32).getString();
  d.price_source = s.getColumn(33).getString();
  return d;
}

std::string column_list() {
  std::string out;
  for (const deal_column& column : deal_columns) {
    if (!out.empty()) out += ", ";
    out += column.name;
  }
  return out;
}

// One table's share of deal_columns as an upsert names them: the column
// list, the :name values, and `column = excluded.column` for each but asin
// and `kept` (which a conflict leaves as stored).
struct upsert_parts {
  std::string columns = "asin", values = ":asin", updates;
};

upsert_parts upsert_parts_of(bool live, std::string_view kept) {
  upsert_parts parts;
  for (const deal_column& c : deal_columns) {
    const std::string_view name = c.name;
    if (c.live != live || name == "asin") continue;
    parts.columns += fmt::format(", {}", name);
    parts.values += fmt::format(", :{}", name);
    if (name != kept) parts.updates += fmt::format("{0} = excluded.{0}, ", name);
  }
  return parts;
}

// Re-analysis of a stored ASIN updates it in place (never INSERT OR REPLACE,
// which deleted the row, changed its id and lost unwritten columns):
// first_seen_utc stays, heavy_fetches counts analyses and tells a new ASIN
// (1) from a re-analysed one.
std::string upsert_analysis_sql() {
  const upsert_parts p = upsert_parts_of(false, "first_seen_utc");
  return fmt::format("INSERT INTO deal_analysis ({}) VALUES ({}) ON CONFLICT (asin) DO UPDATE SET {}"
                     "heavy_fetches = deal_analysis.heavy_fetches + 1 RETURNING heavy_fetches",
                     p.columns, p.values, p.updates);
}

// A heavy fetch's live figures: the same columns a light refresh writes, with
// the Price Now it replaces kept as previous_price_cents.
std::string upsert_live_sql() {
  const upsert_parts p = upsert_parts_of(true, "last_light_fetch_utc");
  return fmt::format(
      "INSERT INTO deal_live ({}, price_missing_since_utc) VALUES ({}, "
      "CASE WHEN :price_now_cents IS NULL THEN :last_seen_utc END) "
      "ON CONFLICT (asin) DO UPDATE SET {}"
      "last_light_fetch_utc = coalesce(excluded.last_light_fetch_utc, deal_live.last_light_fetch_utc), "
      "previous_price_cents = deal_live.price_now_cents, "
      "price_missing_since_utc = CASE WHEN excluded.price_now_cents IS NULL "
      "  THEN coalesce(deal_live.price_missing_since_utc, excluded.last_seen_utc) END",
      p.columns, p.values, p.updates);
}

// SET expressions all read the row as it was, so previous_price_cents gets
// the old Price Now, and the price-drop check gets it on the way there
// (old_price_catch below).
constexpr const char* refresh_sql =
    "UPDATE deal_live SET previous_price_cents = keepa_old_price(price_now_cents), price_now_cents = ?2, "
    "price_includes_shipping = ?3, sales_rank = ?4, offers_used = ?5, offers_trend = ?6, "
    "drops_30d = CASE WHEN ?17 THEN ?7 ELSE drops_30d END, amazon_sells = ?8, "
    "last_price_change_utc = coalesce(?9, last_price_change_utc), "
    "last_seen_utc = ?10, last_light_fetch_utc = CASE WHEN ?17 THEN ?10 ELSE last_light_fetch_utc END, "
    "source = ?11, price_source = ?18, "
    "all_in_cost_cents = ?12, profit_cents = ?13, margin_pct = ?14, "
    "min_listing_cents = ?15, percent_down = ?16, "
    "price_missing_since_utc = CASE WHEN ?2 IS NULL THEN coalesce(price_missing_since_utc, ?10) END "
    "WHERE asin = ?1";

// What a light refresh needs of the row as it was, its Price Now: the UPDATE
// passes it through keepa_old_price, a function of the store's own
// connection, on its way into previous_price_cents. One call per changed row
// and nothing else: no RETURNING (its result table cost the probe a quarter
// of its rate in bench_light_updates), no trigger (a statement journal per
// UPDATE), no pre-update hook (it decoded the whole old row for one value).
struct old_price_catch {
  bool seen = false;  // the UPDATE changed a row
  std::optional<cents> old_price;
};

void catch_old_price(sqlite3_context* context, int, sqlite3_value** argv) {
  auto& c = *static_cast<old_price_catch*>(sqlite3_user_data(context));
  c.seen = true;
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
    c.old_price.reset();
  else
    c.old_price = sqlite3_value_int64(argv[0]);
  sqlite3_result_value(context, argv[0]);
}

// ASINs to a JSON array for json_each: one statement serves any batch size.
std::string json_array(std::span<const std::string> items) {
  std::string out = "[";
  out.reserve(items.size() * 13 + 2);
  for (const std::string& item : items) {
    if (out.size() > 1) out += ',';
    out += '"';
    for (const char c : item) {
      if (c == '"' || c == '\\') {
        out += '\\';
        out += c;
      } else if (static_cast<unsigned char>(c) < 0x20) {
        out += fmt::format("\\u{:04x}", static_cast<int>(c));
      } else {
        out += c;
      }
    }
    out += '"';
  }
  out += ']';
  return out;
}

[[noreturn]] void fail(std::string_view operation, std::string_view subject,
                       const std::exception& cause) {
  throw store_error(fmt::format("deal store: {} {} failed: {}", operation, subject, cause.what()),
                    sqlite_code_of(cause));
}

std::string asin_subject(std::string_view asin) { return fmt::format("of ASIN '{}'", asin); }

// The directory SQLite creates the -wal and -shm files in.
std::filesystem::path directory_of(const std::filesystem::path& file) {
  return file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
}

// A new file is created here, owner-only whatever the umask, before SQLite
// opens it: SQLite then gives the -wal and -shm files the same mode. An
// existing file keeps the mode it has.
void create_private_file(const std::filesystem::path& file) {
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return;
    throw store_error(fmt::format("deal store {}: cannot create it in {}: {}", file.string(),
                                  directory_of(file).string(), std::strerror(errno)));
  }
  const int chmod_failed = ::fchmod(fd, 0600);  // the umask may have taken bits away
  const int error = errno;
  ::close(fd);
  if (chmod_failed != 0) {
    throw store_error(fmt::format("deal store {}: cannot make it owner-only (0600): {}",
                                  file.string(), std::strerror(error)));
  }
}

// Values SQLite would accept but that would do harm: a zero seen time is
// deleted by the next janitor run; a negative price is Keepa's -1 ("none")
// leaking through as money.
void check_row(const deal_row& d) {
  if (d.asin.empty()) throw store_error("the ASIN is empty");
  if (d.first_seen_utc <= 0) throw store_error("first_seen_utc is not set");
  if (d.last_seen_utc <= 0) throw store_error("last_seen_utc is not set");
  if (d.price_now_cents && *d.price_now_cents < 0) {
    throw store_error(fmt::format("price_now_cents is negative ({})", *d.price_now_cents));
  }
}

void check_update(const light_update& u) {
  if (u.asin.empty()) throw store_error("the ASIN is empty");
  if (u.seen_utc <= 0) throw store_error("seen_utc is not set");
  if (u.price_now_cents && *u.price_now_cents < 0) {
    throw store_error(fmt::format("price_now_cents is negative ({})", *u.price_now_cents));
  }
}

// The outcomes `status` knows how to read; anything else is a typo in the
// node, caught here rather than shown as an unknown state later.
bool known_outcome(std::string_view outcome) {
  return outcome == "ok" || outcome == "failed" || outcome == "skipped" || outcome == "stopped";
}

void check_run(const job_run& r) {
  if (r.job.empty()) throw store_error("the job name is empty");
  if (!known_outcome(r.outcome)) {
    throw store_error(fmt::format("outcome '{}' is not ok, failed, skipped or stopped", r.outcome));
  }
  if (r.started_utc <= 0) throw store_error("started_utc is not set");
  if (r.ended_utc < r.started_utc) {
    throw store_error(fmt::format("ended_utc ({}) is before started_utc ({})", r.ended_utc,
                                  r.started_utc));
  }
  if (r.asins < 0 || r.tokens < 0) {
    throw store_error(fmt::format("asins ({}) and tokens ({}) must not be negative", r.asins, r.tokens));
  }
}

void check_spend(const token_spend& t) {
  if (t.kind.empty()) throw store_error("the kind is empty");
  if (t.at_utc <= 0) throw store_error("at_utc is not set");
  if (t.tokens < 0) throw store_error(fmt::format("tokens is negative ({})", t.tokens));
}

} // namespace

struct deal_store::statements {
  statements(const std::filesystem::path& path, store_options opts)
      : file(path),
        options(opts),
        // NOMUTEX: the connection belongs to one thread (see deal_store), so
        // SQLite's per-call locking is pure cost.
        db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX, opts.busy_timeout_ms) {}

  std::filesystem::path file;
  store_options options;
  SQLite::Database db;
  std::optional<SQLite::Statement> upsert_analysis, upsert_live, existing, find_rejects, put_reject,
      clear_reject, delete_rejects, put_pending, take_pending, newest_pending, count_pending, expire_pending, find,
      count, delete_unseen_analysis, delete_unseen_live, get_state, put_state, new_deal_note, price_drop_note,
      pending, deliver, fail_attempt, count_notes, put_run, prune_runs, add_spend;
  std::optional<c_statement> refresh;
  old_price_catch old_price;
  // Refreshes of this transaction that dropped their price far enough, by
  // pointer: whoever calls apply() calls write_drop_notes() in the same
  // transaction, while the updates live.
  struct price_drop {
    const light_update* update;
    cents old_price;
    double fraction;
  };
  std::vector<price_drop> drops;
  deal_slots analysis_slots{}, live_slots{};

  // Before anything writes: a file this program cannot use is refused as it
  // was found. SQLite opens a file it may not write read-only, without error.
  void check_usable() {
    if (sqlite3_db_readonly(db.getHandle(), "main") == 1) {
      throw store_error(fmt::format(
          "deal store {}: the file is read-only to this user, and keepa-deals writes it "
          "(check its permissions, its owner and the file system)",
          file.string()));
    }
    const auto dir = directory_of(file);
    if (::access(dir.c_str(), W_OK) != 0) {
      throw store_error(fmt::format(
          "deal store {}: its directory {} is not writable ({}); SQLite creates {}-wal and "
          "{}-shm there",
          file.string(), dir.string(), std::strerror(errno), file.filename().string(),
          file.filename().string()));
    }
    const int latest = latest_schema_version();
    const int found = db.execAndGet("PRAGMA user_version").getInt();
    if (found > latest) {
      throw store_error(fmt::format(
          "deal store {}: schema version {} is newer than this program knows (latest {}); "
          "refusing to open it",
          file.string(), found, latest));
    }
  }

  // One real write (the schema version, rewritten unchanged), so a file that
  // cannot take writes after all (a full disk, an immutable file) is refused
  // at open rather than on the first batch.
  void check_writable() {
    try {
      SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
      db.exec(fmt::format("PRAGMA user_version = {}", latest_schema_version()));
      tx.commit();
    } catch (const SQLite::Exception& e) {
      throw store_error(fmt::format("deal store {}: cannot write to it: {}", file.string(), e.what()));
    }
  }

  // The WAL into the database file, and the WAL truncated to nothing.
  void checkpoint() { db.exec("PRAGMA wal_checkpoint(TRUNCATE)"); }

  void configure() {
    // Only a new file takes this; an existing one keeps its page size. Small
    // pages: a light refresh rewrites a whole page per row it touches, and
    // random refreshes touch a different page for nearly every row.
    db.exec("PRAGMA page_size = 2048");
    const std::string mode = db.execAndGet("PRAGMA journal_mode = WAL").getString();
    if (mode != "wal") {
      throw store_error(fmt::format("deal store {}: journal_mode is '{}', not 'wal' (is it a file?)",
                                    file.string(), mode));
    }
    db.exec("PRAGMA synchronous = NORMAL");
    db.exec("PRAGMA foreign_keys = ON");
    // The whole working set of a 100,000-deal table fits: random-order
    // refreshes then stay off the disk.
    db.exec("PRAGMA cache_size = -65536");
    // A batch of 1,000 random refreshes writes ~2,000 pages to the WAL; with
    // SQLite's default of 1,000 every commit would checkpoint (and fsync). A
    // larger WAL checkpoints less often and writes each hot page back once,
    // but a WAL is disk the rows are not yet in: see store_options.
    db.exec(fmt::format("PRAGMA wal_autocheckpoint = {}", options.wal_autocheckpoint_pages));
    // A WAL that outgrew that (one large transaction, VACUUM) is cut back to
    // it when it next restarts, rather than staying at its largest.
    const std::int64_t page_bytes = db.execAndGet("PRAGMA page_size").getInt64();
    db.exec(fmt::format("PRAGMA journal_size_limit = {}",
                        page_bytes * std::int64_t{options.wal_autocheckpoint_pages}));
  }

  void migrate() {
    for (const migration_step& step : schema_migrations()) {
      SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
      // Read again under the write lock: another process may have migrated.
      if (db.execAndGet("PRAGMA user_version").getInt() >= step.version) continue;
      try {
        db.exec(step.sql);
      } catch (const SQLite::Exception& e) {
        throw store_error(fmt::format("deal store {}: migration to version {} ({}) failed: {}",
                                      file.string(), step.version, step.why, e.what()));
      }
      db.exec(fmt::format("PRAGMA user_version = {}", step.version));
      tx.commit();
    }
  }

  void prepare() {
    upsert_analysis.emplace(db, upsert_analysis_sql());
    analysis_slots = slots_of(*upsert_analysis);
    upsert_live.emplace(db, upsert_live_sql());
    live_slots = slots_of(*upsert_live);
    // DIRECTONLY: only this connection's own statements may call it, never
    // a view or a trigger in the file.
    if (sqlite3_create_function_v2(db.getHandle(), "keepa_old_price", 1, SQLITE_UTF8 | SQLITE_DIRECTONLY,
                                   &old_price, catch_old_price, nullptr, nullptr, nullptr) != SQLITE_OK)
      throw store_error(fmt::format("deal store {}: cannot register keepa_old_price: {}", file.string(),
                                    sqlite3_errmsg(db.getHandle())));
    refresh.emplace(db.getHandle(), refresh_sql);
    existing.emplace(db,
                     "SELECT asin, list_at_cents, one_year_avg_cents, fba_fee_cents, referral_fee_pct, "
                     "nullif(max(coalesce(last_heavy_fetch_utc, 0), coalesce(last_light_fetch_utc, 0)), 0) "
                     "FROM deals WHERE asin IN (SELECT value FROM json_each(?1))");
    find_rejects.emplace(db,
                         "SELECT asin, reason, rejected_utc, price_cents FROM rejects "
                         "WHERE asin IN (SELECT value FROM json_each(?1))");
    put_reject.emplace(db,
                       "INSERT INTO rejects (asin, reason, rejected_utc, price_cents) VALUES (?1, ?2, ?3, ?4) "
                       "ON CONFLICT (asin) DO UPDATE SET reason = excluded.reason, "
                       "rejected_utc = excluded.rejected_utc, price_cents = excluded.price_cents");
    clear_reject.emplace(db, "DELETE FROM rejects WHERE asin = ?1");
    delete_rejects.emplace(db, "DELETE FROM rejects WHERE rejected_utc < ?1");
    put_pending.emplace(db,
                        "INSERT INTO pending (asin, last_update_utc, queued_utc) VALUES (?1, ?2, ?3) "
                        "ON CONFLICT (asin) DO UPDATE SET last_update_utc = max(last_update_utc, "
                        "excluded.last_update_utc)");
    take_pending.emplace(db, "DELETE FROM pending WHERE asin = ?1");
    newest_pending.emplace(db,
                           "SELECT asin, last_update_utc, queued_utc FROM pending "
                           "ORDER BY last_update_utc DESC LIMIT ?1");
    count_pending.emplace(db, "SELECT count(*) FROM pending");
    expire_pending.emplace(db, "DELETE FROM pending WHERE last_update_utc < ?1");
    find.emplace(db, fmt::format("SELECT {}, id, price_missing_since_utc, previous_price_cents, "
                                 "heavy_fetches FROM deals WHERE asin = ?1",
                                 column_list()));
    count.emplace(db, "SELECT count(*) FROM deal_live");
    // No index on last_seen_utc (see schema version 6): one scan of deal_live
    // each, which the janitor's hourly run can afford.
    delete_unseen_analysis.emplace(db, "DELETE FROM deal_analysis WHERE asin IN "
                                       "(SELECT asin FROM deal_live WHERE last_seen_utc < ?1)");
    delete_unseen_live.emplace(db, "DELETE FROM deal_live WHERE last_seen_utc < ?1");
    get_state.emplace(db, "SELECT value FROM system_state WHERE key = ?1");
    put_state.emplace(db,
                      "INSERT INTO system_state (key, value, updated_utc) VALUES (?1, ?2, ?3) "
                      "ON CONFLICT (key) DO UPDATE SET value = excluded.value, "
                      "updated_utc = excluded.updated_utc");
    new_deal_note.emplace(db,
                          "INSERT INTO notifications (asin, kind, created_utc, payload) "
                          "VALUES (?1, 'new_deal', ?2, json_object('title', ?3, "
                          "'price_now_cents', ?4, 'profit_cents', ?5, 'margin_pct', ?6, 'list_at_cents', ?7))");
    price_drop_note.emplace(db,
                            "INSERT INTO notifications (asin, kind, created_utc, payload) "
                            "VALUES (?1, 'price_drop', ?2, json_object('old_price_cents', ?3, "
                            "'new_price_cents', ?4, 'drop_fraction', ?5, 'profit_cents', ?6, 'margin_pct', ?7, "
                            "'title', coalesce(nullif(?8, ''), "
                            "(SELECT title FROM deal_analysis INDEXED BY deal_analysis_titles WHERE asin = ?1))))");
    pending.emplace(db,
                    "SELECT id, asin, kind, created_utc, payload, attempts FROM notifications "
                    "WHERE delivered_utc IS NULL AND failed_utc IS NULL ORDER BY id LIMIT ?1");
    deliver.emplace(db,
                    "UPDATE notifications SET delivered_utc = ?2, last_attempt_utc = ?2 "
                    "WHERE id = ?1 AND delivered_utc IS NULL AND failed_utc IS NULL");
    fail_attempt.emplace(db,
                         "UPDATE notifications SET attempts = attempts + 1, last_attempt_utc = ?2, "
                         "last_error = ?3, failed_utc = CASE WHEN ?4 THEN ?2 END "
                         "WHERE id = ?1 AND delivered_utc IS NULL AND failed_utc IS NULL");
    count_notes.emplace(db,
                        "SELECT count(*) FILTER (WHERE delivered_utc IS NULL AND failed_utc IS NULL), "
                        "count(delivered_utc), count(*) FILTER (WHERE failed_utc IS NOT NULL) FROM notifications");
    put_run.emplace(db,
                    "INSERT INTO job_runs (job, started_utc, ended_utc, outcome, detail, asins, tokens) "
                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    // Newest by start time (id breaks ties: the later write is the newer run).
    prune_runs.emplace(db,
                       "DELETE FROM job_runs WHERE id IN (SELECT id FROM job_runs WHERE job = ?1 "
                       "ORDER BY started_utc DESC, id DESC LIMIT -1 OFFSET ?2)");
    add_spend.emplace(db,
                      "INSERT INTO token_spend (day_utc, kind, tokens) VALUES (?1, ?2, ?3) "
                      "ON CONFLICT (day_utc, kind) DO UPDATE SET tokens = tokens + excluded.tokens");
  }

  // The bar deals_profitable applies is the one this store notifies by.
  void record_criteria() {
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    const auto now = static_cast<unix_seconds>(::time(nullptr));  // only a record's age: nothing compares it
    put({criteria_min_profit_key, std::to_string(options.criteria.min_profit_cents), now});
    put({criteria_min_margin_key, fmt::format("{}", options.criteria.min_margin_pct), now});
    tx.commit();
  }

  // The writes below run inside the caller's transaction.

  bool insert(const deal_row& deal) {
    try {
      check_row(deal);
      SQLite::Statement& analysis = *upsert_analysis;
      bind_deal(analysis, analysis_slots, deal);
      if (!analysis.executeStep()) throw store_error("upsert returned no row");
      const bool is_new = analysis.getColumn(0).getInt() == 1;
      analysis.reset();
      SQLite::Statement& live = *upsert_live;
      bind_deal(live, live_slots, deal);
      live.exec();
      live.reset();
      if (is_new && options.criteria.met_by(deal.profit_cents, deal.margin_pct)) {
        SQLite::Statement& note = *new_deal_note;
        note.bindNoCopy(1, deal.asin);
        note.bind(2, deal.last_seen_utc);
        note.bindNoCopy(3, deal.title);
        bind_optional(note, 4, deal.price_now_cents);
        bind_optional(note, 5, deal.profit_cents);
        bind_optional(note, 6, deal.margin_pct);
        bind_optional(note, 7, deal.list_at_cents);
        note.exec();
        note.reset();
      }
      return is_new;
    } catch (const std::exception& e) {
      upsert_analysis->tryReset();
      upsert_live->tryReset();
      new_deal_note->tryReset();
      fail("insert", asin_subject(deal.asin), e);
    }
  }

  bool apply(const light_update& u) {
    try {
      check_update(u);
      c_statement& s = *refresh;
      s.bind(1, u.asin);
      s.bind(2, u.price_now_cents);
      s.bind(3, u.price_includes_shipping);
      s.bind(4, u.sales_rank);
      s.bind(5, u.offers_used);
      s.bind(6, u.offers_trend);
      s.bind(7, u.drops_30d);
      s.bind(8, u.amazon_sells);
      s.bind(9, u.last_price_change_utc);
      s.bind(10, u.seen_utc);
      s.bind(11, u.source);
      // Without a price there is nothing to profit from: figures computed
      // from an old price must not stay behind looking current.
      const bool priced = u.price_now_cents.has_value();
      s.bind(12, priced ? u.all_in_cost_cents : std::nullopt);
      s.bind(13, priced ? u.profit_cents : std::nullopt);
      s.bind(14, priced ? u.margin_pct : std::nullopt);
      s.bind(15, priced ? u.min_listing_cents : std::nullopt);
      s.bind(16, priced ? u.percent_down : std::nullopt);
      s.bind(17, u.from_product);
      s.bind(18, u.price_source);
      // Only a refresh that could queue a drop: a priced one whose deal still
      // meets the criteria at its new figures.
      const bool may_notify = priced && options.criteria.met_by(u.profit_cents, u.margin_pct);
      old_price.seen = false;
      const int changed = s.exec();
      if (changed != 1)
        return false;
      const std::optional<cents> old = old_price.seen ? old_price.old_price : std::nullopt;
      if (may_notify && old && *old > 0) {
        const double drop = static_cast<double>(*old - *u.price_now_cents) / *old;
        if (drop >= options.price_drop_fraction) drops.push_back({&u, *old, drop});
      }
      return true;
    } catch (const std::exception& e) {
      drops.clear();  // the transaction rolls back with them
      fail("light update", asin_subject(u.asin), e);
    }
  }

  // The price-drop notes the refreshes before queued, in one run after them
  // and in the same transaction: the outbox's pages stay hot between notes
  // instead of being pushed out by the refreshes' deal_live pages.
  void write_drop_notes() {
    SQLite::Statement& note = *price_drop_note;
    for (const price_drop& d : drops) {
      const light_update& u = *d.update;
      try {
        note.bindNoCopy(1, u.asin);
        note.bind(2, u.seen_utc);
        note.bind(3, d.old_price);
        note.bind(4, *u.price_now_cents);
        note.bind(5, d.fraction);
        bind_optional(note, 6, u.profit_cents);
        bind_optional(note, 7, u.margin_pct);
        note.bindNoCopy(8, u.title);
        note.exec();
        note.reset();
      } catch (const std::exception& e) {
        note.tryReset();
        drops.clear();
        fail("price-drop note", asin_subject(u.asin), e);
      }
    }
    drops.clear();
  }

  void remember(const reject_row& r) {
    if (r.asin.empty()) throw store_error("deal store: remember reject: the ASIN is empty");
    try {
      SQLite::Statement& s = *put_reject;
      s.bindNoCopy(1, r.asin);
      s.bindNoCopy(2, r.reason);
      s.bind(3, r.rejected_utc);
      bind_optional(s, 4, r.price_cents);
      s.exec();
      s.reset();
    } catch (const std::exception& e) {
      put_reject->tryReset();
      fail("remember reject", asin_subject(r.asin), e);
    }
  }

  void queue(const pending_row& p) {
    if (p.asin.empty()) throw store_error("deal store: queue: the ASIN is empty");
    try {
      SQLite::Statement& s = *put_pending;
      s.bindNoCopy(1, p.asin);
      s.bind(2, p.last_update_utc);
      s.bind(3, p.queued_utc);
      s.exec();
      s.reset();
    } catch (const std::exception& e) {
      put_pending->tryReset();
      fail("queue", asin_subject(p.asin), e);
    }
  }

  // A one-ASIN statement run for its effect.
  void run_on(SQLite::Statement& s, std::string_view what, const std::string& asin) {
    try {
      s.bindNoCopy(1, asin);
      s.exec();
      s.reset();
    } catch (const std::exception& e) {
      s.tryReset();
      fail(what, asin_subject(asin), e);
    }
  }

  void forget_reject(const std::string& asin) {
    try {
      clear_reject->bindNoCopy(1, asin);
      clear_reject->exec();
      clear_reject->reset();
    } catch (const std::exception& e) {
      clear_reject->tryReset();
      fail("forget reject", asin_subject(asin), e);
    }
  }

  void put(const state_entry& entry) {
    if (entry.key.empty()) throw store_error("deal store: set state: the key is empty");
    try {
      SQLite::Statement& s = *put_state;
      s.bindNoCopy(1, entry.key);
      s.bindNoCopy(2, entry.value);
      s.bind(3, entry.updated_utc);
      s.exec();
      s.reset();
    } catch (const std::exception& e) {
      put_state->tryReset();
      fail("set state", fmt::format("of key '{}'", entry.key), e);
    }
  }

  void record(const job_run& run) {
    try {
      check_run(run);
      SQLite::Statement& s = *put_run;
      s.bindNoCopy(1, run.job);
      s.bind(2, run.started_utc);
      s.bind(3, run.ended_utc);
      s.bindNoCopy(4, run.outcome);
      s.bindNoCopy(5, run.detail);
      s.bind(6, run.asins);
      s.bind(7, run.tokens);
      s.exec();
      s.reset();
      SQLite::Statement& prune = *prune_runs;
      prune.bindNoCopy(1, run.job);
      prune.bind(2, static_cast<std::int64_t>(options.job_runs_kept));
      prune.exec();
      prune.reset();
    } catch (const std::exception& e) {
      put_run->tryReset();
      prune_runs->tryReset();
      fail("record run", fmt::format("of job '{}' started at {}", run.job, run.started_utc), e);
    }
  }

  void add(const token_spend& spend) {
    try {
      check_spend(spend);
      SQLite::Statement& s = *add_spend;
      s.bind(1, utc_day_start(spend.at_utc));
      s.bindNoCopy(2, spend.kind);
      s.bind(3, spend.tokens);
      s.exec();
      s.reset();
    } catch (const std::exception& e) {
      add_spend->tryReset();
      fail("add token spend", fmt::format("of kind '{}' at {}", spend.kind, spend.at_utc), e);
    }
  }
};

deal_store::deal_store(const std::filesystem::path& file, store_options options) {
  if (!(options.price_drop_fraction > 0 && options.price_drop_fraction <= 1)) {
    throw store_error(fmt::format("deal store {}: price_drop_fraction must be in (0, 1], got {}",
                                  file.string(), options.price_drop_fraction));
  }
  if (options.busy_timeout_ms < 0 || options.wal_autocheckpoint_pages < 0) {
    throw store_error(fmt::format(
        "deal store {}: busy_timeout_ms ({}) and wal_autocheckpoint_pages ({}) must not be negative",
        file.string(), options.busy_timeout_ms, options.wal_autocheckpoint_pages));
  }
  try {
    create_private_file(file);
    db_ = std::make_unique<statements>(file, options);
    db_->check_usable();
    db_->configure();
    db_->migrate();
    db_->check_writable();
    db_->prepare();
    db_->record_criteria();
  } catch (const store_error&) {
    throw;
  } catch (const std::exception& e) {
    throw store_error(fmt::format("deal store {}: cannot open: {}", file.string(), e.what()));
  }
}

deal_store::~deal_store() = default;

std::unordered_map<std::string, kept_fields> deal_store::existing(
    std::span<const std::string> asins) {
  std::unordered_map<std::string, kept_fields> found;
  if (asins.empty()) return found;
  SQLite::Statement& s = *db_->existing;
  try {
    s.bind(1, json_array(asins));
    while (s.executeStep()) {
      kept_fields kept;
      kept.list_at_cents = optional_int64(s.getColumn(1));
      kept.one_year_avg_cents = optional_int64(s.getColumn(2));
      kept.fba_fee_cents = s.getColumn(3).getInt64();
      kept.referral_fee_pct = s.getColumn(4).getDouble();
      kept.product_data_utc = optional_int64(s.getColumn(5));
      found.emplace(s.getColumn(0).getString(), kept);
    }
    s.reset();
  } catch (const std::exception& e) {
    s.tryReset();
    fail("existence check", fmt::format("of {} ASINs starting with '{}'", asins.size(), asins[0]), e);
  }
  return found;
}

std::unordered_map<std::string, reject_row> deal_store::rejects(std::span<const std::string> asins) {
  std::unordered_map<std::string, reject_row> found;
  if (asins.empty()) return found;
  SQLite::Statement& s = *db_->find_rejects;
  try {
    s.bind(1, json_array(asins));
    while (s.executeStep()) {
      reject_row r;
      r.asin = s.getColumn(0).getString();
      r.reason = s.getColumn(1).getString();
      r.rejected_utc = s.getColumn(2).getInt64();
      r.price_cents = optional_int64(s.getColumn(3));
      found.emplace(r.asin, std::move(r));
    }
    s.reset();
  } catch (const std::exception& e) {
    s.tryReset();
    fail("reject lookup", fmt::format("of {} ASINs starting with '{}'", asins.size(), asins[0]), e);
  }
  return found;
}

std::vector<pending_row> deal_store::pending(std::size_t limit) {
  std::vector<pending_row> out;
  SQLite::Statement& s = *db_->newest_pending;
  try {
    s.bind(1, static_cast<std::int64_t>(limit));
    while (s.executeStep())
      out.push_back({s.getColumn(0).getString(), s.getColumn(1).getInt64(), s.getColumn(2).getInt64()});
    s.reset();
  } catch (const std::exception& e) {
    s.tryReset();
    fail("pending lookup", fmt::format("of the newest {}", limit), e);
  }
  return out;
}

std::int64_t deal_store::pending_count() {
  try {
    const auto n = (db_->count_pending->executeStep(), db_->count_pending->getColumn(0).getInt64());
    db_->count_pending->reset();
    return n;
  } catch (const std::exception& e) {
    db_->count_pending->tryReset();
    fail("pending count", "of the queue", e);
  }
}

std::size_t deal_store::forget_pending_before(unix_seconds cutoff) {
  SQLite::Statement& s = *db_->expire_pending;
  try {
    s.bind(1, cutoff);
    const auto n = static_cast<std::size_t>(s.exec());
    s.reset();
    return n;
  } catch (const std::exception& e) {
    s.tryReset();
    fail("pending cleanup", fmt::format("of entries older than {}", cutoff), e);
  }
}

std::size_t deal_store::forget_rejects_before(unix_seconds cutoff) {
  SQLite::Statement& s = *db_->delete_rejects;
  try {
    s.bind(1, cutoff);
    const auto deleted = static_cast<std::size_t>(s.exec());
    s.reset();
    return deleted;
  } catch (const std::exception& e) {
    s.tryReset();
    fail("reject cleanup", fmt::format("of rejects older than {}", cutoff), e);
  }
}

bool deal_store::insert(const deal_row& deal) {
  try {
    SQLite::Transaction tx(db_->db, SQLite::TransactionBehavior::IMMEDIATE);
    const bool is_new = db_->insert(deal);
    tx.commit();
    return is_new;
  } catch (const SQLite::Exception& e) {  // begin or commit: the write lock, the disk
    fail("insert transaction", asin_subject(deal.asin), e);
  }
}

bool deal_store::refresh(const light_update& update) {
  try {
    SQLite::Transaction tx(db_->db, SQLite::TransactionBehavior::IMMEDIATE);
    const bool found = db_->apply(update);
    db_->write_drop_notes();
    tx.commit();
    return found;
  } catch (const SQLite::Exception& e) {
    fail("light update transaction", asin_subject(update.asin), e);
  }
}

std::size_t deal_store::delete_unseen_before(unix_seconds cutoff) {
  std::size_t deleted = 0;
  SQLite::Statement& analysis = *db_->delete_unseen_analysis;
  SQLite::Statement& live = *db_->delete_unseen_live;
  try {
    SQLite::Transaction tx(db_->db, SQLite::TransactionBehavior::IMMEDIATE);
    analysis.bind(1, cutoff);
    deleted = static_cast<std::size_t>(analysis.exec());
    analysis.reset();
    live.bind(1, cutoff);
    live.exec();
    live.reset();
    tx.commit();
  } catch (const std::exception& e) {
    analysis.tryReset();
    live.tryReset();
    fail("janitor delete", fmt::format("of deals last seen before {}", cutoff), e);
  }
  if (deleted > db_->options.vacuum_after_deletions) vacuum();
  try {
    db_->checkpoint();
  } catch (const std::exception& e) {
    fail("checkpoint", fmt::format("after the janitor deleted {} deals", deleted), e);
  }
  return deleted;
}

void deal_store::checkpoint() {
  try {
    db_->checkpoint();
  } catch (const std::exception& e) {
    fail("checkpoint", "of " + db_->file.string(), e);
  }
}

void deal_store::vacuum() {
  try {
    db_->db.exec("VACUUM");
  } catch (const std::exception& e) {
    fail("VACUUM", "of " + db_->file.string(), e);
  }
}

std::optional<std::string> deal_store::state(std::string_view key) {
  SQLite::Statement& s = *db_->get_state;
  try {
    s.bind(1, std::string(key));
    std::optional<std::string> value;
    if (s.executeStep()) value = s.getColumn(0).getString();
    s.reset();
    return value;
  } catch (const std::exception& e) {
    s.tryReset();
    fail("get state", fmt::format("of key '{}'", key), e);
  }
}

void deal_store::set_state(const state_entry& entry) { db_->put(entry); }

std::size_t row_count(const write_batch& b) {
  return b.inserts.size() + b.light_updates.size() + b.rejects.size() + b.enqueue.size() + b.dequeue.size() +
         b.state.size() + b.runs.size() + b.spend.size();
}

namespace {
std::string batch_failure(const std::exception& e, const write_batch& batch) {
  return fmt::format(
      "{} (batch of {} inserts, {} light updates, {} rejects, {} state keys, {} job runs, {} token spends: "
      "nothing was written)",
      e.what(), batch.inserts.size(), batch.light_updates.size(), batch.rejects.size(), batch.state.size(),
      batch.runs.size(), batch.spend.size());
}
} // namespace

namespace {

// Writes to the deals table other than light updates: a batch with none can
// have its refreshes merged with the batch before it (see apply_segment).
bool writes_rows_first(const write_batch& b) {
  return !b.inserts.empty() || !b.rejects.empty() || !b.dequeue.empty() || !b.enqueue.empty();
}

} // namespace

// Batches whose writes may be applied as one, inside the caller's
// transaction: the first one's inserts, rejects and queue changes, then every
// batch's light updates in ASIN order, then every batch's state, runs and
// spend. Only the first batch writes deal rows before its refreshes, and
// refreshes touch only deal_live and notifications, so this is the same as
// applying the batches one after the other; two refreshes of one ASIN keep
// their order (refresh_order.hpp).
void deal_store::apply_segment(std::span<const write_batch> segment, std::span<batch_result> results) {
  const write_batch& first = segment.front();
  batch_result& head = results.front();
  for (const deal_row& deal : first.inserts) {
    ++(db_->insert(deal) ? head.new_deals : head.reanalysed);
    db_->forget_reject(deal.asin);
    db_->run_on(*db_->take_pending, "dequeue", deal.asin);  // whoever wrote it, it is no longer pending
  }
  for (const reject_row& reject : first.rejects) {
    db_->remember(reject);
    db_->run_on(*db_->take_pending, "dequeue", reject.asin);
  }
  for (const std::string& asin : first.dequeue) db_->run_on(*db_->take_pending, "dequeue", asin);
  for (const pending_row& p : first.enqueue) db_->queue(p);

  std::vector<std::vector<char>> missing(segment.size());
  for (std::size_t b = 0; b < segment.size(); ++b) missing[b].assign(segment[b].light_updates.size(), 0);
  const std::vector<refresh_ref> order = refresh_order(segment);
  for (std::size_t k = 0; k < order.size(); ++k) {
    const refresh_ref& r = order[k];
    // ASIN order visits the updates out of their order in memory: fetch the
    // one after next while this one runs.
    if (k + 2 < order.size()) prefetch(order[k + 2].update);
    if (db_->apply(*r.update))
      ++results[r.batch].refreshed;
    else
      missing[r.batch][r.index] = 1;
  }
  db_->write_drop_notes();
  for (std::size_t b = 0; b < segment.size(); ++b)  // in each batch's own order
    for (std::size_t i = 0; i < missing[b].size(); ++i)
      if (missing[b][i])
        results[b].not_found.push_back(segment[b].light_updates[i].asin);

  for (const write_batch& batch : segment) {
    for (const state_entry& entry : batch.state) db_->put(entry);
    for (const job_run& run : batch.runs) db_->record(run);
    for (const token_spend& spend : batch.spend) db_->add(spend);
  }
}

batch_result deal_store::write(const write_batch& batch) {
  try {
    SQLite::Transaction tx(db_->db, SQLite::TransactionBehavior::IMMEDIATE);
    batch_result result;
    apply_segment(std::span(&batch, 1), std::span(&result, 1));
    tx.commit();
    return result;
  } catch (const std::exception& e) {
    // The transaction has rolled back by now (it lived in the try block).
    throw store_error(batch_failure(e, batch), sqlite_code_of(e));
  }
}

std::vector<group_outcome> deal_store::write_group(std::span<const write_batch> batches) {
  std::vector<group_outcome> outcomes(batches.size());
  if (batches.size() > 1) {
    try {
      SQLite::Transaction tx(db_->db, SQLite::TransactionBehavior::IMMEDIATE);
      std::vector<batch_result> results(batches.size());
      for (std::size_t first = 0; first < batches.size();) {
        std::size_t end = first + 1;
        while (end < batches.size() && !writes_rows_first(batches[end]))
          ++end;
        apply_segment(batches.subspan(first, end - first), std::span(results).subspan(first, end - first));
        first = end;
      }
      tx.commit();
      for (std::size_t i = 0; i < batches.size(); ++i) outcomes[i].result = std::move(results[i]);
      return outcomes;
    } catch (const std::exception&) {
      // Rolled back: nothing of the group was written. Which batch failed,
      // and why, is found out by writing each alone.
      outcomes.assign(batches.size(), group_outcome{});
    }
  }
  for (std::size_t i = 0; i < batches.size(); ++i) {
    try {
      outcomes[i].result = write(batches[i]);
    } catch (const std::exception& e) {
      outcomes[i].error = e.what();
    }
  }
  return outcomes;
}

std::optional<stored_deal> deal_store::find(std::string_view asin) {
  SQLite::Statement& s = *db_->find;
  try {
    s.bind(1, std::string(asin));
    std::optional<stored_deal> found;
    if (s.executeStep()) {
      stored_deal d;
      d.row = read_deal(s);
      const int extra = static_cast<int>(deal_columns.size());
      d.id = s.getColumn(extra).getInt64();
      d.price_missing_since_utc = optional_int64(s.getColumn(extra + 1));
      d.previous_price_cents = optional_int64(s.getColumn(extra + 2));
      d.heavy_fetches = s.getColumn(extra + 3).getInt();
      found = std::move(d);
    }
    s.reset();
    return found;
  } catch (const std::exception& e) {
    s.tryReset();
    fail("find", asin_subject(asin), e);
  }
}

std::int64_t deal_store::deal_count() {
  SQLite::Statement& s = *db_->count;
  try {
    s.executeStep();
    const std::int64_t n = s.getColumn(0).getInt64();
    s.reset();
    return n;
  } catch (const std::exception& e) {
    s.tryReset();
    fail("count", "of deals", e);
  }
}

std::vector<notification> deal_store::pending_notifications(std::size_t limit) {
  SQLite::Statement& s = *db_->pending;
  std::vector<notification> out;
  try {
    s.bind(1, static_cast<std::int64_t>(limit));
    while (s.executeStep()) {
      out.push_back({s.getColumn(0).getInt64(), s.getColumn(1).getString(),
                     s.getColumn(2).getString(), s.getColumn(3).getInt64(),
                     s.getColumn(4).getString(), s.getColumn(5).getInt()});
    }
    s.reset();
  } catch (const std::exception& e) {
    s.tryReset();
    fail("read", "of pending notifications", e);
  }
  return out;
}

bool deal_store::mark_delivered(std::int64_t notification_id, unix_seconds delivered_utc) {
  SQLite::Statement& s = *db_->deliver;
  try {
    s.bind(1, notification_id);
    s.bind(2, delivered_utc);
    const int changed = s.exec();
    s.reset();
    return changed == 1;
  } catch (const std::exception& e) {
    s.tryReset();
    fail("mark delivered", fmt::format("of notification {}", notification_id), e);
  }
}

bool deal_store::record_delivery(const delivery_attempt& a) {
  if (a.delivered) return mark_delivered(a.id, a.at_utc);
  SQLite::Statement& s = *db_->fail_attempt;
  try {
    s.bind(1, a.id);
    s.bind(2, a.at_utc);
    s.bindNoCopy(3, a.error);
    s.bind(4, static_cast<int>(a.give_up));
    const int changed = s.exec();
    s.reset();
    return changed == 1;
  } catch (const std::exception& e) {
    s.tryReset();
    fail("record failed delivery", fmt::format("of notification {}", a.id), e);
  }
}

notification_counts deal_store::count_notifications() {
  SQLite::Statement& s = *db_->count_notes;
  try {
    s.executeStep();
    notification_counts c{s.getColumn(0).getInt64(), s.getColumn(1).getInt64(), s.getColumn(2).getInt64()};
    s.reset();
    return c;
  } catch (const std::exception& e) {
    s.tryReset();
    fail("count", "of notifications", e);
  }
}

int deal_store::schema_version() {
  try {
    return db_->db.execAndGet("PRAGMA user_version").getInt();
  } catch (const std::exception& e) {
    fail("read", "of the schema version", e);
  }
}

} // namespace storage
