// Serializes every read-for-routing and write of the deal store through one
// mailbox, so SQLite sees one writer. Write batches are group-committed: the
// first batch of a group reminds the writer to commit once the mailbox has
// caught up, so batches that queued meanwhile (while the last commit ran)
// share the next transaction, within the group's bounds. Any other request
// commits the open group first, so it sees every write sent before it.
// When the database cannot take writes (read-only, disk full), the refused
// batches are held, the token bucket is held with them (no grants, so no
// token buys a row that cannot be stored), and the writer retries with
// backoff until the database takes them.
#include "actors/writer_actor.hpp"

#include "storage/write_retry.hpp"

#include <caf/actor_system.hpp>
#include <caf/exit_reason.hpp>
#include <caf/sec.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <caf/typed_response_promise.hpp>
#include <spdlog/spdlog.h>

#include <chrono>
#include <deque>
#include <memory>
#include <vector>

CAF_ADD_ATOM(keepa_deals, kd, commit_atom, "commit")

namespace kd {
namespace {

using write_promise = caf::typed_response_promise<storage::batch_result>;

// A batch waiting for the database to take writes again, with its caller's promise.
struct held_write {
  storage::write_batch batch;
  write_promise promise;
};

struct writer_state {
  std::shared_ptr<storage::deal_store> store;
  std::shared_ptr<ingest::node_metrics> metrics;
  ingest::commit_group<caf::actor_clock::time_point> group;
  // The open group's batches and, index for index, whom to answer.
  std::vector<storage::write_batch> batches;
  std::vector<write_promise> promises;
  // Held while the database cannot write, in arrival order: a later batch
  // never overtakes one held.
  std::optional<token_bucket_actor> bucket;
  std::deque<held_write> held;
  storage::write_backoff backoff;
};

// The writer's own reminder: commit the group of this generation, if still open.
using commit_interface = caf::typed_actor<caf::reacts_to<commit_atom, std::uint64_t>>;
using group_writer = writer_actor::extend_with<commit_interface>;
using writer_pointer = group_writer::stateful_pointer<writer_state>;

// A store error becomes the request's error (its text names the operation and
// the ASIN); the failed transaction has rolled back, and the writer lives on.
template <class F>
auto guarded(F&& operation) -> caf::result<decltype(operation())> {
  try {
    return operation();
  } catch (const std::exception& e) {
    return caf::make_error(caf::sec::runtime_error, e.what());
  }
}

bool transient(const std::exception& e) { return storage::is_transient_write_failure(storage::sqlite_code_of(e)); }

void schedule_retry(writer_pointer self, const std::exception& cause) {
  auto& s = self->state;
  const bool first = s.backoff.failures() == 0;
  const auto delay = s.backoff.next_delay();
  if (first) {
    spdlog::error("writer: the database cannot take writes: {}; {} batch(es) held, no tokens are spent until it "
                  "can; next try in {} ms",
                  cause.what(), s.held.size(), delay.count());
    if (s.bucket)
      self->send(*s.bucket, hold_atom::value, true);
  } else {
    spdlog::warn("writer: still cannot write after {} tries ({} batch(es) held): {}; next try in {} ms",
                 s.backoff.failures(), s.held.size(), cause.what(), delay.count());
  }
  self->delayed_send(self, delay, tick_atom::value);
}

// Commits the held batches in order until one is refused again.
void retry_held(writer_pointer self) {
  auto& s = self->state;
  std::size_t written = 0;
  while (!s.held.empty()) {
    auto& head = s.held.front();
    try {
      head.promise.deliver(s.store->write(head.batch));
      ++written;
    } catch (const std::exception& e) {
      if (transient(e)) {
        schedule_retry(self, e);
        return;
      }
      head.promise.deliver(caf::make_error(caf::sec::runtime_error, e.what()));
    }
    s.held.pop_front();
  }
  spdlog::info("writer: the database takes writes again after {} failed tries; {} held batch(es) written",
               s.backoff.failures(), written);
  s.backoff.reset();
  if (s.bucket)
    self->send(*s.bucket, hold_atom::value, false);
}

// A batch the group could not write, alone: written now, held if the
// database refuses writes for the moment (then retried), else its error.
void write_alone(writer_pointer self, storage::write_batch& batch, write_promise& promise) {
  auto& s = self->state;
  if (!s.held.empty()) {
    s.held.push_back({std::move(batch), promise});
    return;
  }
  try {
    promise.deliver(s.store->write(batch));
  } catch (const std::exception& e) {
    if (!transient(e)) {
      promise.deliver(caf::make_error(caf::sec::runtime_error, e.what()));
      return;
    }
    s.held.push_back({std::move(batch), promise});
    schedule_retry(self, e);
  }
}

// Commits the open group and answers each of its batches with its own
// outcome; a batch that failed is answered with its error and wrote nothing.
void commit(writer_pointer self) {
  auto& s = self->state;
  if (s.group.empty())
    return;
  s.group.close();
  auto batches = std::move(s.batches);
  auto promises = std::move(s.promises);
  s.batches.clear();
  s.promises.clear();
  if (!s.held.empty()) {  // behind what is held, in order
    for (std::size_t i = 0; i < batches.size(); ++i)
      s.held.push_back({std::move(batches[i]), promises[i]});
    return;
  }
  std::vector<storage::group_outcome> outcomes;
  // Timed on the steady clock: a figure for /metrics, never a decision.
  const auto began = std::chrono::steady_clock::now();
  try {
    outcomes = s.store->write_group(batches);
  } catch (const std::exception& e) {
    outcomes.assign(batches.size(), storage::group_outcome{std::nullopt, e.what()});
  }
  if (s.metrics) {
    std::int64_t rows = 0;
    bool committed = false;
    for (const auto& o : outcomes)
      if (o.result) {
        committed = true;
        rows += static_cast<std::int64_t>(o.result->new_deals + o.result->reanalysed + o.result->refreshed);
      }
    s.metrics->write_done(std::chrono::steady_clock::now() - began, committed, rows);
  }
  // A failed batch is tried once more alone: that tells a database that
  // cannot write for now (held and retried) from a batch it refuses. Batches
  // that committed with the group are answered even when an earlier one is
  // held: they are written.
  for (std::size_t i = 0; i < promises.size(); ++i) {
    if (outcomes[i].result)
      promises[i].deliver(std::move(*outcomes[i].result));
    else
      write_alone(self, batches[i], promises[i]);
  }
}

// A request that reads or writes outside a batch: what was sent before it is
// committed first.
template <class F>
auto after_commit(writer_pointer self, F&& operation) {
  commit(self);
  return guarded(std::forward<F>(operation));
}

group_writer::behavior_type writer_behavior(writer_pointer self, std::shared_ptr<storage::deal_store> opened,
                                            storage::store_options options, ingest::commit_group_limits limits,
                                            std::shared_ptr<ingest::node_metrics> metrics,
                                            std::optional<token_bucket_actor> bucket) {
  self->state.store = std::move(opened);
  self->state.metrics = std::move(metrics);
  self->state.bucket = std::move(bucket);
  self->state.backoff = storage::write_backoff(std::chrono::milliseconds(options.write_retry_first_ms),
                                               std::chrono::milliseconds(options.write_retry_max_ms));
  self->state.group = ingest::commit_group<caf::actor_clock::time_point>(limits);
  // A stop while a group is open commits it first: a batch the writer took
  // is written and answered, never dropped with the reminder behind the exit.
  self->set_exit_handler([self](caf::exit_msg& msg) {
    commit(self);
    self->quit(msg.reason);
  });
  auto& store = *self->state.store;
  return {
      [self, &store](exists_atom, const std::vector<std::string>& asins) {
        return after_commit(self, [&] { return ingest::existing_rows(store.existing(asins)); });
      },
      [self, &store](known_atom, const std::vector<std::string>& asins) {
        return after_commit(self, [&] { return ingest::known_asins{store.existing(asins), store.rejects(asins)}; });
      },
      [self, &store](pending_atom, std::size_t limit) {
        return after_commit(self, [&] { return store.pending(limit); });
      },
      [self, &store](expire_atom, std::int64_t cutoff) {
        return after_commit(self, [&] { return static_cast<std::uint64_t>(store.forget_pending_before(cutoff)); });
      },
      [self, &store](forget_atom, std::int64_t cutoff) {
        return after_commit(self, [&] { return static_cast<std::uint64_t>(store.forget_rejects_before(cutoff)); });
      },
      [self](write_atom, storage::write_batch& batch) -> caf::result<storage::batch_result> {
        auto& s = self->state;
        const std::size_t rows = storage::row_count(batch);
        s.batches.push_back(std::move(batch));
        auto promise = self->make_response_promise<storage::batch_result>();
        s.promises.push_back(promise);
        switch (s.group.join(rows, self->clock().now())) {
        case ingest::group_action::commit_now:
          commit(self);
          break;
        case ingest::group_action::wait_for_more:
          // Behind every message already queued: those batches join this group.
          self->send(self, commit_atom::value, s.group.generation());
          break;
        case ingest::group_action::keep_waiting:
          break;
        }
        return promise;
      },
      [self](commit_atom, std::uint64_t generation) {
        if (generation == self->state.group.generation())
          commit(self);
      },
      [self](tick_atom) { retry_held(self); },
      [self, &store](janitor_atom, std::int64_t cutoff) {
        return after_commit(self, [&] { return static_cast<std::uint64_t>(store.delete_unseen_before(cutoff)); });
      },
      [self, &store](state_atom, const std::string& key) {
        return after_commit(self, [&] { return store.state(key).value_or(std::string{}); });
      },
      [self, &store](count_atom) { return after_commit(self, [&] { return store.deal_count(); }); },
      [self, &store](outbox_atom, std::size_t limit) {
        return after_commit(self, [&] { return store.pending_notifications(limit); });
      },
      [self, &store](delivered_atom, const storage::delivery_attempt& attempt) {
        return after_commit(self, [&] { return store.record_delivery(attempt); });
      },
  };
}

} // namespace

writer_actor spawn_writer(caf::actor_system& sys, const std::filesystem::path& db_file,
                          storage::store_options options, bool detached, std::optional<token_bucket_actor> bucket,
                          std::shared_ptr<ingest::node_metrics> metrics, ingest::commit_group_limits group) {
  auto store = std::make_shared<storage::deal_store>(db_file, options);
  if (detached)
    return caf::actor_cast<writer_actor>(sys.spawn<caf::detached>(writer_behavior, std::move(store), options, group,
                                                                  std::move(metrics), std::move(bucket)));
  return caf::actor_cast<writer_actor>(
      sys.spawn(writer_behavior, std::move(store), options, group, std::move(metrics), std::move(bucket)));
}

} // namespace kd
