// Serializes every read-for-routing and write of the deal store through one
// mailbox, so SQLite sees one writer and batches commit whole.
#include "actors/writer_actor.hpp"

#include "storage/write_retry.hpp"

#include <caf/actor_system.hpp>
#include <caf/sec.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <caf/typed_response_promise.hpp>
#include <spdlog/spdlog.h>

#include <deque>
#include <memory>

namespace kd {
namespace {

// A batch waiting for the database to take writes again, with its caller's promise.
struct held_write {
  storage::write_batch batch;
  caf::typed_response_promise<storage::batch_result> promise;
};

struct writer_state {
  std::shared_ptr<storage::deal_store> store;
  // Held while the database cannot write: nothing is granted, so nothing is
  // fetched for rows that could not be stored.
  std::optional<token_bucket_actor> bucket;
  std::deque<held_write> held;  // in arrival order; a later batch never overtakes
  storage::write_backoff backoff;
};

using writer_pointer = writer_actor::stateful_pointer<writer_state>;

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

caf::result<storage::batch_result> write(writer_pointer self, storage::write_batch& batch) {
  auto& s = self->state;
  auto hold = [&] {
    auto promise = self->make_response_promise<storage::batch_result>();
    s.held.push_back({std::move(batch), promise});
    return promise;
  };
  if (!s.held.empty())
    return hold();
  try {
    return s.store->write(batch);
  } catch (const std::exception& e) {
    if (!transient(e))
      return caf::make_error(caf::sec::runtime_error, e.what());
    auto promise = hold();
    schedule_retry(self, e);
    return promise;
  }
}

writer_actor::behavior_type writer_behavior(writer_pointer self, std::shared_ptr<storage::deal_store> opened,
                                            storage::store_options options,
                                            std::optional<token_bucket_actor> bucket) {
  self->state.store = std::move(opened);
  self->state.bucket = std::move(bucket);
  self->state.backoff = storage::write_backoff(std::chrono::milliseconds(options.write_retry_first_ms),
                                               std::chrono::milliseconds(options.write_retry_max_ms));
  auto& store = *self->state.store;
  return {
      [&store](exists_atom, const std::vector<std::string>& asins) {
        return guarded([&] { return ingest::existing_rows(store.existing(asins)); });
      },
      [&store](known_atom, const std::vector<std::string>& asins) {
        return guarded([&] { return ingest::known_asins{store.existing(asins), store.rejects(asins)}; });
      },
      [&store](pending_atom, std::size_t limit) { return guarded([&] { return store.pending(limit); }); },
      [&store](expire_atom, std::int64_t cutoff) {
        return guarded([&] { return static_cast<std::uint64_t>(store.forget_pending_before(cutoff)); });
      },
      [&store](forget_atom, std::int64_t cutoff) {
        return guarded([&] { return static_cast<std::uint64_t>(store.forget_rejects_before(cutoff)); });
      },
      [self](write_atom, storage::write_batch& batch) { return write(self, batch); },
      [&store](janitor_atom, std::int64_t cutoff) {
        return guarded([&] { return static_cast<std::uint64_t>(store.delete_unseen_before(cutoff)); });
      },
      [&store](state_atom, const std::string& key) {
        return guarded([&] { return store.state(key).value_or(std::string{}); });
      },
      [&store](count_atom) { return guarded([&] { return store.deal_count(); }); },
      [self](tick_atom) { retry_held(self); },
  };
}

} // namespace

writer_actor spawn_writer(caf::actor_system& sys, const std::filesystem::path& db_file,
                          storage::store_options options, bool detached, std::optional<token_bucket_actor> bucket) {
  auto store = std::make_shared<storage::deal_store>(db_file, options);
  if (detached)
    return sys.spawn<caf::detached>(writer_behavior, std::move(store), options, std::move(bucket));
  return sys.spawn(writer_behavior, std::move(store), options, std::move(bucket));
}

} // namespace kd
