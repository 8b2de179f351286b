// What the heavy and light fetchers share: take a request, split it into
// chunks, reserve each chunk's estimated tokens from the bucket, call the
// product source, settle the bucket with the server's envelope, then hand the
// products to the path's own step. Included by the two fetcher sources only.
#pragma once

#include "ingest/fetch_queue.hpp"
#include "ingest/grant_queue.hpp"
#include "ingest/ingest_counters.hpp"
#include "ingest/node_time.hpp"
#include "messages/messages.hpp"

#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <caf/typed_response_promise.hpp>

#include <chrono>
#include <map>
#include <memory>

namespace kd {

// How the bucket books what a fetcher spent.
enum class token_kind {
  heavy,   // split into the product's own price (heavy) and what offers added
  offers,  // everything: offers bought after the analysis
  light,
};

struct fetcher_config {
  std::size_t chunk_size = 100;   // Keepa's limit per /product call
  std::size_t max_in_flight = 2;  // bounds memory: a heavy answer can be tens of MB
  keepa::product_request request;
  std::string source_label;       // stored in deals.source
  token_kind booking = token_kind::heavy;
  // The node's clock, for rows whose answer carried no timestamp.
  std::shared_ptr<ingest::node_time> time;
  // Light-style fetchers: the bucket priority of their calls, and a bound on
  // chunks waiting for tokens beyond which a request is refused at once
  // (counted dropped; 0: no bound). Best-effort top-ups use the bound.
  int priority = ingest::light_priority;
  std::size_t max_waiting_chunks = 0;
  // Where each committed chunk is counted as it commits (none: not counted).
  std::shared_ptr<ingest::ingest_counters> counters;
};

template <class Config>
void count(const Config& config, const ingest::ingest_figures& f) {
  if (config.counters)
    config.counters->add(f);
}

template <class Item>
struct fetcher_state {
  ingest::fetch_queue<Item> queue{100, 2};  // replaced from the config at spawn
  std::map<std::uint64_t, caf::typed_response_promise<path_summary>> promises;
};

// Row times follow the server's clock when it says one (so a simulated clock
// in the mock moves them too), else the node's clock.
template <class Self>
std::int64_t unix_now(Self self, const fetcher_config& config, const keepa::envelope& env) {
  if (env.timestamp_ms > 0 || !config.time)
    return env.timestamp_ms / 1000;
  return config.time->unix_seconds(self->clock().now());
}

// Delivers every completed request's summary.
template <class Self>
void deliver_completed(Self self) {
  for (auto& [job, tally] : self->state.queue.take_completed()) {
    auto it = self->state.promises.find(job);
    if (it == self->state.promises.end())
      continue;
    it->second.deliver(std::move(tally));
    self->state.promises.erase(it);
  }
}

// Registers a request; its promise is delivered when its last chunk is done.
template <class Self, class Item>
caf::typed_response_promise<path_summary> add_job(Self self, std::vector<Item> items, int priority) {
  auto promise = self->template make_response_promise<path_summary>();
  self->state.promises.emplace(self->state.queue.add(std::move(items), priority), promise);
  return promise;
}

// The chunk's ASINs could not be written: they stay queued (reported failed).
template <class Self>
void fail_chunk(Self self, std::uint64_t chunk_id) {
  if (const auto* c = self->state.queue.in_flight(chunk_id)) {
    auto& tally = self->state.queue.tally_of(c->job);
    for (const auto& item : c->items)
      tally.failed.push_back(ingest::asin_of(item));
  }
  self->state.queue.finish(chunk_id);
}

// Sends as many waiting chunks as the in-flight limit allows.
template <class Handle, class Self>
void pump(Self self, const token_bucket_actor& bucket, const std::shared_ptr<ingest::product_source>& source,
          const fetcher_config& config) {
  while (auto chunk = self->state.queue.next()) {
    const auto chunk_id = chunk->id;
    const auto priority = chunk->priority;
    const auto estimate =
        keepa::estimate_product_cost(config.request, static_cast<std::int64_t>(chunk->items.size()));
    self->state.queue.tally_of(chunk->job).tokens_estimated += estimate;
    std::vector<std::string> asins;
    for (const auto& item : chunk->items)
      asins.push_back(ingest::asin_of(item));
    self->request(bucket, caf::infinite, reserve_atom::value, estimate, priority)
        .then(
            [self, source, config, chunk_id, asins = std::move(asins)](std::int64_t) mutable {
              // The source answers on its own thread: only a message comes back.
              auto me = caf::actor_cast<Handle>(self);
              source->fetch_products(std::move(asins), config.request, [me, chunk_id](ingest::product_fetch f) {
                caf::anon_send(me, fetched_atom::value, chunk_id, std::move(f));
              });
            },
            [self, chunk_id](caf::error&) {
              // No tokens will come (the bucket is gone): the ASINs stay queued.
              fail_chunk(self, chunk_id);
              deliver_completed(self);
            });
  }
}

// Books a fetch result into the chunk's tally and the bucket. Returns false
// when the fetch failed (the chunk is then finished as failed).
template <class Self>
bool settle_fetch(Self self, const token_bucket_actor& bucket, const fetcher_config& config, std::uint64_t chunk_id,
                  const ingest::product_fetch& f) {
  const auto* c = self->state.queue.in_flight(chunk_id);
  const auto estimate = keepa::estimate_product_cost(config.request, static_cast<std::int64_t>(c->items.size()));
  if (f.error) {
    // A refusal still carries the server's balance (a 429's envelope): adopt it.
    if (f.env.timestamp_ms > 0)
      self->send(bucket, settle_atom::value, estimate, f.env, ingest::token_use{});
    else
      self->send(bucket, cancel_atom::value, estimate);
    fail_chunk(self, chunk_id);
    return false;
  }
  auto& tally = self->state.queue.tally_of(c->job);
  const std::int64_t consumed = f.env.tokens_consumed;
  ingest::token_use use;
  switch (config.booking) {
  case token_kind::heavy:
    use = ingest::heavy_use(config.request, static_cast<std::int64_t>(f.products.size()), consumed);
    break;
  case token_kind::offers:
    use.offers = consumed;
    break;
  case token_kind::light:
    use.light = consumed;
    break;
  }
  self->send(bucket, settle_atom::value, estimate, f.env, use);
  tally.tokens_consumed += f.env.tokens_consumed;
  ++tally.requests;
  for (auto& asin : ingest::missing_from(c->items, f.products))
    tally.missing.push_back(std::move(asin));
  return true;
}

} // namespace kd
