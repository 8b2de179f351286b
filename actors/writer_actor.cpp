// Serializes every read-for-routing and write of the deal store through one
// mailbox, so SQLite sees one writer and batches commit whole.
#include "actors/writer_actor.hpp"

#include <caf/actor_system.hpp>
#include <caf/sec.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <chrono>
#include <memory>

namespace kd {
namespace {

struct writer_state {
  std::shared_ptr<storage::deal_store> store;
  std::shared_ptr<ingest::node_metrics> metrics;
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

// One batch, one transaction, timed on the steady clock (a figure, never a decision).
storage::batch_result timed_write(storage::deal_store& store, const storage::write_batch& batch,
                                  ingest::node_metrics* metrics) {
  const auto began = std::chrono::steady_clock::now();
  try {
    auto result = store.write(batch);
    if (metrics)
      metrics->write_done(std::chrono::steady_clock::now() - began, true,
                          static_cast<std::int64_t>(result.new_deals + result.reanalysed + result.refreshed));
    return result;
  } catch (...) {
    if (metrics)
      metrics->write_done(std::chrono::steady_clock::now() - began, false, 0);
    throw;
  }
}

writer_actor::behavior_type writer_behavior(writer_pointer self, std::shared_ptr<storage::deal_store> opened,
                                            std::shared_ptr<ingest::node_metrics> metrics) {
  self->state.store = std::move(opened);
  self->state.metrics = std::move(metrics);
  auto& store = *self->state.store;
  auto* counted = self->state.metrics.get();
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
      [&store, counted](write_atom, const storage::write_batch& batch) {
        return guarded([&] { return timed_write(store, batch, counted); });
      },
      [&store](janitor_atom, std::int64_t cutoff) {
        return guarded([&] { return static_cast<std::uint64_t>(store.delete_unseen_before(cutoff)); });
      },
      [&store](state_atom, const std::string& key) {
        return guarded([&] { return store.state(key).value_or(std::string{}); });
      },
      [&store](count_atom) { return guarded([&] { return store.deal_count(); }); },
      [&store](outbox_atom, std::size_t limit) { return guarded([&] { return store.pending_notifications(limit); }); },
      [&store](delivered_atom, const storage::delivery_attempt& attempt) {
        return guarded([&] { return store.record_delivery(attempt); });
      },
  };
}

} // namespace

writer_actor spawn_writer(caf::actor_system& sys, const std::filesystem::path& db_file,
                          storage::store_options options, bool detached,
                          std::shared_ptr<ingest::node_metrics> metrics) {
  auto store = std::make_shared<storage::deal_store>(db_file, options);
  if (detached)
    return sys.spawn<caf::detached>(writer_behavior, std::move(store), std::move(metrics));
  return sys.spawn(writer_behavior, std::move(store), std::move(metrics));
}

} // namespace kd
