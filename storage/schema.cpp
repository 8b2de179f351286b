// The deal store's migration steps. Never edit a step that has shipped: add a
// new one, so that every existing file walks the same path to the latest schema.
#include "storage/schema.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <array>

namespace storage {
namespace {

// Version 1: the deals table, the feed's bookkeeping, the janitor's index.
// Money is integer cents, times integer Unix seconds (the janitor compares
// integers, never date strings), percentages REAL. `id` is an INTEGER PRIMARY
// KEY so that the row id survives VACUUM and upserts.
constexpr const char* v1_deals = R"sql(
CREATE TABLE deals (
  id                      INTEGER PRIMARY KEY,
  asin                    TEXT    NOT NULL UNIQUE CHECK (asin <> ''),
  title                   TEXT    NOT NULL DEFAULT '',
  price_now_cents         INTEGER,
  price_includes_shipping INTEGER NOT NULL DEFAULT 0,
  sales_rank              INTEGER,
  offers_used             INTEGER,
  offers_trend            TEXT    NOT NULL DEFAULT '',
  drops_30d               INTEGER,
  amazon_sells            INTEGER NOT NULL DEFAULT 0,
  list_at_cents           INTEGER,
  one_year_avg_cents      INTEGER,
  expected_trough_cents   INTEGER,
  peak_month              INTEGER CHECK (peak_month BETWEEN 1 AND 12),
  trough_month            INTEGER CHECK (trough_month BETWEEN 1 AND 12),
  seasonality             TEXT    NOT NULL DEFAULT '',
  sells                   TEXT    NOT NULL DEFAULT '',
  profit_confidence_pct   REAL,
  inferred_sales          INTEGER NOT NULL DEFAULT 0,
  offer_drops             INTEGER NOT NULL DEFAULT 0,
  trend                   TEXT    NOT NULL DEFAULT '',
  fba_fee_cents           INTEGER NOT NULL DEFAULT 0,
  referral_fee_pct        REAL    NOT NULL DEFAULT 0,
  all_in_cost_cents       INTEGER,
  profit_cents            INTEGER,
  margin_pct              REAL,
  min_listing_cents       INTEGER,
  percent_down            REAL,
  last_price_change_utc   INTEGER,
  first_seen_utc          INTEGER NOT NULL,
  last_seen_utc           INTEGER NOT NULL,
  last_heavy_fetch_utc    INTEGER,
  last_light_fetch_utc    INTEGER,
  source                  TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX deals_by_last_seen ON deals (last_seen_utc);
CREATE TABLE system_state (
  key         TEXT PRIMARY KEY,
  value       TEXT NOT NULL,
  updated_utc INTEGER NOT NULL
);
)sql";

// Version 2: a refresh that finds no price says so instead of leaving a stale
// price looking current; the outbox turns real news (a new ASIN, a real drop)
// into notifications, so a plain refresh is no longer mistaken for news; the
// display view gives the original's column names in dollars.
constexpr const char* v2_outbox_and_display = R"sql(
ALTER TABLE deals ADD COLUMN price_missing_since_utc INTEGER;
ALTER TABLE deals ADD COLUMN previous_price_cents INTEGER;
ALTER TABLE deals ADD COLUMN heavy_fetches INTEGER NOT NULL DEFAULT 1;
CREATE TABLE notifications (
  id            INTEGER PRIMARY KEY,
  asin          TEXT    NOT NULL REFERENCES deals (asin) ON DELETE CASCADE,
  kind          TEXT    NOT NULL CHECK (kind IN ('new_deal', 'price_drop')),
  created_utc   INTEGER NOT NULL,
  payload       TEXT    NOT NULL DEFAULT '{}',
  delivered_utc INTEGER
);
CREATE INDEX notifications_by_asin ON notifications (asin);
CREATE INDEX notifications_pending ON notifications (id) WHERE delivered_utc IS NULL;
CREATE VIEW deals_display AS
SELECT
  asin                                       AS "ASIN",
  title                                      AS "Title",
  round(price_now_cents / 100.0, 2)          AS "Price Now",
  datetime(price_missing_since_utc, 'unixepoch') AS "Price Missing Since",
  round(list_at_cents / 100.0, 2)            AS "List at",
  round(one_year_avg_cents / 100.0, 2)       AS "1yr Avg",
  round(expected_trough_cents / 100.0, 2)    AS "Expected Trough Price",
  peak_month                                 AS "Peak Season (Month)",
  trough_month                               AS "Trough Season (Month)",
  round(profit_confidence_pct, 1)            AS "Profit Confidence",
  sales_rank                                 AS "Sales Rank",
  CASE offers_trend WHEN 'up'   THEN offers_used || ' ↑'
                    WHEN 'down' THEN offers_used || ' ↓'
                    ELSE offers_used END     AS "Offers",
  drops_30d                                  AS "Drops",
  CASE WHEN amazon_sells THEN 'Y' ELSE '' END AS "AMZ",
  seasonality                                AS "Detailed_Seasonality",
  sells                                      AS "Sells",
  trend                                      AS "Trend",
  inferred_sales                             AS "Inferred Sales",
  round(fba_fee_cents / 100.0, 2)            AS "FBA Pick&Pack Fee",
  referral_fee_pct                           AS "Referral Fee %",
  round(all_in_cost_cents / 100.0, 2)        AS "All-in Cost",
  round(profit_cents / 100.0, 2)             AS "Profit",
  round(margin_pct, 2)                       AS "Margin",
  round(min_listing_cents / 100.0, 2)        AS "Min. Listing Price",
  round(percent_down, 1)                     AS "% Down",
  datetime(last_price_change_utc, 'unixepoch') AS "Last Price Change",
  datetime(first_seen_utc, 'unixepoch')      AS "First Seen",
  datetime(last_seen_utc, 'unixepoch')       AS "Last Seen",
  source                                     AS "Source"
FROM deals;
)sql";

// Version 3: what `keepa-deals status` reports besides the deals. Each job run
// is a row (the node writes it when the run ends), kept per job to its newest
// runs by the store; token spend is a running sum per UTC day and kind, so the
// table grows by a few rows a day however many calls are made. day_utc is the
// Unix time of that day's 00:00 UTC: integer comparisons, as for the deals.
constexpr const char* v3_job_runs_and_token_spend = R"sql(
CREATE TABLE job_runs (
  id          INTEGER PRIMARY KEY,
  job         TEXT    NOT NULL CHECK (job <> ''),
  started_utc INTEGER NOT NULL,
  ended_utc   INTEGER NOT NULL,
  outcome     TEXT    NOT NULL,
  detail      TEXT    NOT NULL DEFAULT '',
  asins       INTEGER NOT NULL DEFAULT 0,
  tokens      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX job_runs_by_job ON job_runs (job, started_utc);
CREATE TABLE token_spend (
  day_utc INTEGER NOT NULL,
  kind    TEXT    NOT NULL CHECK (kind <> ''),
  tokens  INTEGER NOT NULL,
  PRIMARY KEY (day_utc, kind)
) WITHOUT ROWID;
)sql";

// Version 4: token-optimal ingestion. price_source says where Price Now came
// from ('offer': matched to a live offer with its shipping; 'stats': the
// product's stats plus estimated shipping; 'feed': the deal feed's entry plus
// estimated shipping). Rejects remember what the analysis turned down, so an
// ASIN is not bought heavy again at every reappearance in the feed. Pending
// holds the new ASINs a feed walk found and the tokens have not bought yet,
// so a walk ends (and its watermark moves) without waiting for them.
constexpr const char* v4_price_source_and_rejects = R"sql(
ALTER TABLE deals ADD COLUMN price_source TEXT NOT NULL DEFAULT '';
CREATE TABLE rejects (
  asin         TEXT    PRIMARY KEY CHECK (asin <> ''),
  reason       TEXT    NOT NULL,
  rejected_utc INTEGER NOT NULL,
  price_cents  INTEGER
) WITHOUT ROWID;
CREATE INDEX rejects_by_time ON rejects (rejected_utc);
CREATE TABLE pending (
  asin            TEXT    PRIMARY KEY CHECK (asin <> ''),
  last_update_utc INTEGER NOT NULL,
  queued_utc      INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX pending_by_update ON pending (last_update_utc);
)sql";

// Version 5: what a seller sees. The outbox becomes deliverable: each row
// counts its failed attempts, keeps the last error, and is either delivered
// or given up on (a receiver that refuses it). It no longer cascades from
// deals: a notification the janitor would have taken with its deal is kept
// until it is delivered. Rows v4 queued for every deal, profitable or not,
// are carried over as given up on (kept, visible, not sent): they predate the
// deal criteria. deals_profitable is the deals that meet the criteria the
// node recorded in system_state (the store's defaults when none was).
constexpr const char* v5_delivery_and_profitable = R"sql(
CREATE TABLE notifications_v5 (
  id               INTEGER PRIMARY KEY,
  asin             TEXT    NOT NULL CHECK (asin <> ''),
  kind             TEXT    NOT NULL CHECK (kind IN ('new_deal', 'price_drop')),
  created_utc      INTEGER NOT NULL,
  payload          TEXT    NOT NULL DEFAULT '{}',
  delivered_utc    INTEGER,
  attempts         INTEGER NOT NULL DEFAULT 0,
  last_attempt_utc INTEGER,
  last_error       TEXT    NOT NULL DEFAULT '',
  failed_utc       INTEGER
);
INSERT INTO notifications_v5 (id, asin, kind, created_utc, payload, delivered_utc, last_error, failed_utc)
SELECT id, asin, kind, created_utc, payload, delivered_utc,
       CASE WHEN delivered_utc IS NULL THEN 'queued before the deal criteria (schema v4): not sent' ELSE '' END,
       CASE WHEN delivered_utc IS NULL THEN created_utc END
FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_v5 RENAME TO notifications;
CREATE INDEX notifications_by_asin ON notifications (asin);
CREATE INDEX notifications_pending ON notifications (id) WHERE delivered_utc IS NULL AND failed_utc IS NULL;
CREATE VIEW deals_profitable AS
SELECT * FROM deals
WHERE profit_cents >= coalesce((SELECT CAST(value AS INTEGER) FROM system_state
                                WHERE key = 'deals.min_profit_cents'), 1)
  AND margin_pct >= coalesce((SELECT CAST(value AS REAL) FROM system_state
                              WHERE key = 'deals.min_margin_pct'), 20.0);
)sql";

// Version 6: the columns a light refresh rewrites move to a table of their
// own, so a refresh rewrites a short row in one b-tree. deal_analysis holds
// what only a heavy fetch writes (the id, the title, the analysed figures);
// deal_live, keyed by ASIN without a rowid, holds what every refresh writes.
// The store writes both in one transaction. `deals` becomes a view of the two
// joined with the table's old columns in their old order, so every reader
// (deals_display, deals_profitable, export, status) reads what it read. The
// last_seen_utc index goes: every refresh moved its entry; the janitor and
// the status counts scan deal_live, whose short rows scan fast.
constexpr const char* v6_live_columns_apart = R"sql(
CREATE TABLE deal_analysis (
  id                      INTEGER PRIMARY KEY,
  asin                    TEXT    NOT NULL UNIQUE CHECK (asin <> ''),
  title                   TEXT    NOT NULL DEFAULT '',
  list_at_cents           INTEGER,
  one_year_avg_cents      INTEGER,
  expected_trough_cents   INTEGER,
  peak_month              INTEGER CHECK (peak_month BETWEEN 1 AND 12),
  trough_month            INTEGER CHECK (trough_month BETWEEN 1 AND 12),
  seasonality             TEXT    NOT NULL DEFAULT '',
  sells                   TEXT    NOT NULL DEFAULT '',
  profit_confidence_pct   REAL,
  inferred_sales          INTEGER NOT NULL DEFAULT 0,
  offer_drops             INTEGER NOT NULL DEFAULT 0,
  trend                   TEXT    NOT NULL DEFAULT '',
  fba_fee_cents           INTEGER NOT NULL DEFAULT 0,
  referral_fee_pct        REAL    NOT NULL DEFAULT 0,
  first_seen_utc          INTEGER NOT NULL,
  last_heavy_fetch_utc    INTEGER,
  heavy_fetches           INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE deal_live (
  asin                    TEXT    PRIMARY KEY CHECK (asin <> ''),
  price_now_cents         INTEGER,
  previous_price_cents    INTEGER,
  price_includes_shipping INTEGER NOT NULL DEFAULT 0,
  price_missing_since_utc INTEGER,
  price_source            TEXT    NOT NULL DEFAULT '',
  sales_rank              INTEGER,
  offers_used             INTEGER,
  offers_trend            TEXT    NOT NULL DEFAULT '',
  drops_30d               INTEGER,
  amazon_sells            INTEGER NOT NULL DEFAULT 0,
  all_in_cost_cents       INTEGER,
  profit_cents            INTEGER,
  margin_pct              REAL,
  min_listing_cents       INTEGER,
  percent_down            REAL,
  last_price_change_utc   INTEGER,
  last_seen_utc           INTEGER NOT NULL,
  last_light_fetch_utc    INTEGER,
  source                  TEXT    NOT NULL DEFAULT ''
) WITHOUT ROWID;
INSERT INTO deal_analysis (id, asin, title, list_at_cents, one_year_avg_cents, expected_trough_cents,
                           peak_month, trough_month, seasonality, sells, profit_confidence_pct,
                           inferred_sales, offer_drops, trend, fba_fee_cents, referral_fee_pct,
                           first_seen_utc, last_heavy_fetch_utc, heavy_fetches)
SELECT id, asin, title, list_at_cents, one_year_avg_cents, expected_trough_cents,
       peak_month, trough_month, seasonality, sells, profit_confidence_pct,
       inferred_sales, offer_drops, trend, fba_fee_cents, referral_fee_pct,
       first_seen_utc, last_heavy_fetch_utc, heavy_fetches
FROM deals;
INSERT INTO deal_live (asin, price_now_cents, previous_price_cents, price_includes_shipping,
                       price_missing_since_utc, price_source, sales_rank, offers_used, offers_trend,
                       drops_30d, amazon_sells, all_in_cost_cents, profit_cents, margin_pct,
                       min_listing_cents, percent_down, last_price_change_utc, last_seen_utc,
                       last_light_fetch_utc, source)
SELECT asin, price_now_cents, previous_price_cents, price_includes_shipping,
       price_missing_since_utc, price_source, sales_rank, offers_used, offers_trend,
       drops_30d, amazon_sells, all_in_cost_cents, profit_cents, margin_pct,
       min_listing_cents, percent_down, last_price_change_utc, last_seen_utc,
       last_light_fetch_utc, source
FROM deals;
-- deals_display and deals_profitable name `deals` and resolve it when read:
-- from here on they read the view.
DROP TABLE deals;
CREATE VIEW deals AS
SELECT a.id, a.asin, a.title, l.price_now_cents, l.price_includes_shipping, l.sales_rank,
       l.offers_used, l.offers_trend, l.drops_30d, l.amazon_sells, a.list_at_cents,
       a.one_year_avg_cents, a.expected_trough_cents, a.peak_month, a.trough_month, a.seasonality,
       a.sells, a.profit_confidence_pct, a.inferred_sales, a.offer_drops, a.trend, a.fba_fee_cents,
       a.referral_fee_pct, l.all_in_cost_cents, l.profit_cents, l.margin_pct, l.min_listing_cents,
       l.percent_down, l.last_price_change_utc, a.first_seen_utc, l.last_seen_utc,
       a.last_heavy_fetch_utc, l.last_light_fetch_utc, l.source, l.price_missing_since_utc,
       l.previous_price_cents, a.heavy_fetches, l.price_source
FROM deal_analysis AS a JOIN deal_live AS l ON l.asin = a.asin;
-- Nothing has looked notifications up by ASIN since v5 ended the cascade
-- from deals, and each price-drop note paid for the entry.
DROP INDEX notifications_by_asin;
-- A price-drop note names its deal's title: one seek in this index instead
-- of the ASIN index and then the table (written by heavy fetches only).
CREATE INDEX deal_analysis_titles ON deal_analysis (asin, title);
)sql";

constexpr std::array<migration_step, 6> steps{{
    {1, "create deals, system_state and the last_seen_utc index", v1_deals},
    {2, "add missing-price tracking, the notifications outbox and deals_display",
     v2_outbox_and_display},
    {3, "add the job_runs log and the per-day token_spend sums", v3_job_runs_and_token_spend},
    {4, "add deals.price_source, the rejects table and the pending queue", v4_price_source_and_rejects},
    {5, "make the outbox deliverable (attempts, errors, given up) and add the deals_profitable view",
     v5_delivery_and_profitable},
    {6, "move the columns a light refresh writes to deal_live; deals becomes a view", v6_live_columns_apart},
}};

} // namespace

std::span<const migration_step> schema_migrations() { return steps; }

int latest_schema_version() { return steps.back().version; }

bool has_deals(SQLite::Database& db) {
  SQLite::Statement q(db, "SELECT count(*) FROM sqlite_schema WHERE type IN ('table', 'view') AND name = 'deals'");
  return q.executeStep() && q.getColumn(0).getInt() > 0;
}

deal_tables deal_tables_of(SQLite::Database& db) {
  if (db.tableExists("deal_live") && db.tableExists("deal_analysis"))
    return {.live = "deal_live", .analysis = "deal_analysis"};
  return {};
}

} // namespace storage
