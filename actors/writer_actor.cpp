// Serializes every read-for-routing and write of the deal store through one
// mailbox, so SQLite sees one writer and batches commit whole.
#include "actors/writer_actor.hpp"

#include <caf/actor_system.hpp>
#include <caf/sec.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <memory>

namespace kd {
namespace {

struct writer_state {
  // Shared only with the spawn call that opened it; it is gone once spawned.
  std::shared_ptr<storage::deal_store> store;
};

using writer_pointer = writer_actor::stateful_pointer<writer_state>;

writer_actor::behavior_type writer_behavior(writer_pointer self, std::shared_ptr<storage::deal_store> opened) {
  self->state.store = std::move(opened);
  return {
      [self](exists_atom, const std::vector<std::string>& asins) -> caf::result<ingest::existing_rows> {
        try {
          return self->state.store->existing(asins);
        } catch (const std::exception& e) {
          return caf::make_error(caf::sec::runtime_error, e.what());
        }
      },
      [self](write_atom, const storage::write_batch& batch) -> caf::result<storage::batch_result> {
        try {
          return self->state.store->write(batch);
        } catch (const std::exception& e) {
          // The transaction rolled back: nothing of the batch is written.
          return caf::make_error(caf::sec::runtime_error, e.what());
        }
      },
  };
}

} // namespace

writer_actor spawn_writer(caf::actor_system& sys, const std::filesystem::path& db_file,
                          storage::store_options options) {
  auto store = std::make_shared<storage::deal_store>(db_file, options);
  return sys.spawn(writer_behavior, std::move(store));
}

} // namespace kd
