// The pipeline's messages and actor interfaces, light to include: CAF's typed
// handles and the plain value types they carry, nothing else.
//
// Shape: the router asks the writer which ASINs exist, then sends new ones to
// the heavy fetcher (which hands products to the analyzer) and known ones to
// the light fetcher; both fetchers draw tokens from the token bucket and send
// their rows to the single writer. A request is answered only after its rows
// are committed, so callers move a feed cursor only then.
#pragma once

#include "ingest/batch_plan.hpp"
#include "ingest/batch_split.hpp"
#include "ingest/fetch_queue.hpp"
#include "ingest/product_source.hpp"
#include "ingest/token_use.hpp"
#include "keepa/client_query.hpp"
#include "storage/deal_store.hpp"

#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/atom.hpp>
#include <caf/replies_to.hpp>
#include <caf/type_id.hpp>
#include <caf/typed_actor.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

CAF_ADD_ATOM(keepa_deals, kd, reserve_atom, "reserve")
CAF_ADD_ATOM(keepa_deals, kd, settle_atom, "settle")
CAF_ADD_ATOM(keepa_deals, kd, cancel_atom, "cancel")
CAF_ADD_ATOM(keepa_deals, kd, tick_atom, "tick")
CAF_ADD_ATOM(keepa_deals, kd, status_atom, "status")
CAF_ADD_ATOM(keepa_deals, kd, exists_atom, "exists")
CAF_ADD_ATOM(keepa_deals, kd, known_atom, "known")
CAF_ADD_ATOM(keepa_deals, kd, forget_atom, "forget")
CAF_ADD_ATOM(keepa_deals, kd, pending_atom, "pending")
CAF_ADD_ATOM(keepa_deals, kd, expire_atom, "expire")
CAF_ADD_ATOM(keepa_deals, kd, write_atom, "write")
CAF_ADD_ATOM(keepa_deals, kd, analyze_atom, "analyze")
CAF_ADD_ATOM(keepa_deals, kd, heavy_atom, "heavy")
CAF_ADD_ATOM(keepa_deals, kd, light_atom, "light")
CAF_ADD_ATOM(keepa_deals, kd, fetched_atom, "fetched")
CAF_ADD_ATOM(keepa_deals, kd, route_atom, "route")
CAF_ADD_ATOM(keepa_deals, kd, janitor_atom, "janitor")
CAF_ADD_ATOM(keepa_deals, kd, state_atom, "state")
CAF_ADD_ATOM(keepa_deals, kd, count_atom, "count")
CAF_ADD_ATOM(keepa_deals, kd, adopt_atom, "adopt")
CAF_ADD_ATOM(keepa_deals, kd, abandon_atom, "abandon")
CAF_ADD_ATOM(keepa_deals, kd, spend_atom, "spend")
CAF_ADD_ATOM(keepa_deals, kd, page_atom, "page")
CAF_ADD_ATOM(keepa_deals, kd, stop_atom, "stop")
CAF_ADD_ATOM(keepa_deals, kd, job_done_atom, "jobdone")
CAF_ADD_ATOM(keepa_deals, kd, outbox_atom, "outbox")
CAF_ADD_ATOM(keepa_deals, kd, delivered_atom, "delivered")
CAF_ADD_ATOM(keepa_deals, kd, attempt_atom, "attempt")
CAF_ADD_ATOM(keepa_deals, kd, resume_atom, "resume")
CAF_ADD_ATOM(keepa_deals, kd, hold_atom, "hold")
CAF_ADD_ATOM(keepa_deals, kd, assume_atom, "assume")

namespace kd {

struct bucket_status {
  std::int64_t available = 0;
  std::int64_t reserved = 0;
  std::size_t waiting = 0;  // reservations not yet granted
  bool known = false;       // false until the first envelope (/token) arrived
  std::int64_t balance = 0;
  std::int32_t refill_rate = 0;
  std::int64_t refill_in_ms = 0;
  ingest::token_use spent;  // since the node started
};

// One page of the deal feed and the server's clock when it was read.
struct deal_page {
  std::vector<keepa::deal> deals;
  std::int64_t server_now_ms = 0;
  bool last() const { return static_cast<std::int64_t>(deals.size()) < keepa::deal_page_size; }
};

// How a job run ended, as the job tells whoever started the node.
struct job_report {
  std::string job;
  std::string outcome;  // "ok", "failed", "skipped", "stopped"
  std::string detail;
  std::int64_t asins = 0;
  std::int64_t tokens = 0;
  bool fatal = false;   // the node cannot go on (e.g. a corrupt saved watermark)
};

// Products that the analysis turned into deals, and those it did not.
struct analysed_batch {
  std::vector<storage::deal_row> deals;
  std::vector<storage::reject_row> rejected;
};

// What one path (heavy or light) did with the ASINs it was given.
using path_summary = ingest::fetch_tally;

struct route_summary {
  path_summary heavy;
  path_summary light;
  std::vector<std::string> skipped;  // new ASINs the feed's peek ruled out: no token spent
  // Already in flight for another request (the other job's): not fetched
  // twice, and not counted written here.
  std::vector<std::string> deferred;
  // Feed entries (route by entries only): known deals refreshed from the
  // entry at no token, light top-ups handed on, rejects still cooling.
  std::size_t from_feed = 0;
  std::size_t top_ups = 0;
  std::size_t queued = 0;  // new ASINs put on the pending queue instead of fetched now
  std::vector<std::string> cooling;
};

// The token bucket: fetchers reserve an estimate at a priority (see
// ingest/grant_queue.hpp) before a call (the reply comes when it is granted)
// and settle it with the server's envelope and what the tokens bought after.
// It learns the balance from the first envelope it adopts (the free /token
// call at start-up) and refuses every wait once abandoned (shutdown). An
// assumed envelope (when /token failed) is spent by like any other, but the
// balance counts as unknown until an envelope from Keepa replaces it.
using token_bucket_actor = caf::typed_actor<
    caf::replies_to<reserve_atom, std::int64_t, int>::with<std::int64_t>,
    caf::reacts_to<settle_atom, std::int64_t, keepa::envelope, ingest::token_use>,
    caf::reacts_to<cancel_atom, std::int64_t>,
    caf::reacts_to<adopt_atom, keepa::envelope>,
    caf::reacts_to<assume_atom, keepa::envelope>,
    caf::reacts_to<abandon_atom>,
    caf::reacts_to<tick_atom>,
    // true: grant nothing until a hold false (the writer cannot write, so
    // tokens would buy rows it cannot store); reservations wait in order.
    caf::reacts_to<hold_atom, bool>,
    caf::replies_to<status_atom>::with<bucket_status>,
    // What was spent since the last such call, for the node's records.
    caf::replies_to<spend_atom>::with<ingest::token_use>>;

// Reads deal-feed pages for the jobs, drawing each page's 5 tokens from the
// bucket at the asking job's priority. A page that cannot be had is an error
// whose text says why.
using feed_pager_actor =
    caf::typed_actor<caf::replies_to<page_atom, keepa::deal_selection, int>::with<deal_page>>;

// A scheduled job (refiller, backfiller, janitor): a tick starts a run unless
// one is busy; stop ends its schedule and answers whether a run is still busy
// (it reports when it ends).
using job_actor = caf::typed_actor<caf::reacts_to<tick_atom>, caf::replies_to<stop_atom>::with<bool>>;

// The single writer: the only actor that touches the SQLite file.
using writer_actor = caf::typed_actor<
    caf::replies_to<exists_atom, std::vector<std::string>>::with<ingest::existing_rows>,
    caf::replies_to<known_atom, std::vector<std::string>>::with<ingest::known_asins>,
    // Forgets rejects older than the cutoff (Unix seconds), answers how many.
    caf::replies_to<forget_atom, std::int64_t>::with<std::uint64_t>,
    // The pending queue: its newest entries, and dropping those older than a cutoff.
    caf::replies_to<pending_atom, std::size_t>::with<std::vector<storage::pending_row>>,
    caf::replies_to<expire_atom, std::int64_t>::with<std::uint64_t>,
    caf::replies_to<write_atom, storage::write_batch>::with<storage::batch_result>,
    // The janitor: deletes deals last seen before the cutoff (Unix seconds).
    caf::replies_to<janitor_atom, std::int64_t>::with<std::uint64_t>,
    // A feed job's saved position (watermark or cursor); "" when never saved.
    caf::replies_to<state_atom, std::string>::with<std::string>,
    caf::replies_to<count_atom>::with<std::int64_t>,
    // The outbox: its oldest notifications still to deliver, and one attempt's
    // result (true when the row was still waiting for it).
    caf::replies_to<outbox_atom, std::size_t>::with<std::vector<storage::notification>>,
    caf::replies_to<delivered_atom, storage::delivery_attempt>::with<bool>,
    // Its own retry of writes held while the database could not take them.
    caf::reacts_to<tick_atom>>;

// Heavy analysis of full-history products, no I/O.
using analyzer_actor = caf::typed_actor<
    caf::replies_to<analyze_atom, std::vector<keepa::product>, std::int64_t>::with<analysed_batch>>;

using heavy_fetcher_actor = caf::typed_actor<
    caf::replies_to<heavy_atom, std::vector<std::string>, int>::with<path_summary>,
    caf::reacts_to<fetched_atom, std::uint64_t, ingest::product_fetch>>;

using light_fetcher_actor = caf::typed_actor<
    caf::replies_to<light_atom, std::vector<ingest::light_item>>::with<path_summary>,
    caf::reacts_to<fetched_atom, std::uint64_t, ingest::product_fetch>>;

// Routes a batch of ASINs; the second form also names the ASINs that are not
// worth a heavy fetch if they turn out to be new, and the priority of the job
// that asks.
using router_actor = caf::typed_actor<
    caf::replies_to<route_atom, std::vector<std::string>>::with<route_summary>,
    caf::replies_to<route_atom, std::vector<std::string>, std::vector<std::string>, int>::with<route_summary>,
    // Feed entries, planned by ingest::plan_batch under the node's policy.
    caf::replies_to<route_atom, std::vector<keepa::deal>, int>::with<route_summary>>;

// How one webhook POST ended, as the HTTP client's callback tells the notifier.
struct webhook_answer {
  std::int64_t id = 0;        // the notification
  std::optional<int> status;  // none: no HTTP answer
  std::string error;          // the client's text when there was none
};

// Delivers the outbox to the webhook: a tick makes it look at the outbox
// (it also polls on its own); attempt and resume are its own steps (an
// attempt's answer, the end of a backoff).
using notifier_actor = caf::typed_actor<caf::reacts_to<tick_atom>, caf::reacts_to<attempt_atom, webhook_answer>,
                                        caf::reacts_to<resume_atom>>;

} // namespace kd

// Local-only messages: never serialized, so no inspect() is needed.
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(keepa::envelope)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(keepa::product)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::vector<keepa::product>)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(ingest::product_fetch)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(ingest::deal_fetch)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(ingest::existing_rows)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(ingest::known_asins)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::vector<storage::pending_row>)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::vector<keepa::deal>)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(ingest::light_item)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::vector<ingest::light_item>)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(storage::write_batch)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(storage::batch_result)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(kd::bucket_status)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(kd::analysed_batch)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(ingest::fetch_tally)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(kd::route_summary)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(kd::deal_page)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(kd::job_report)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(ingest::token_use)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(keepa::deal_selection)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::vector<storage::notification>)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(storage::delivery_attempt)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(kd::webhook_answer)
