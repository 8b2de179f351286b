// The whole pipeline on a real SQLite file, fed by replayed payloads rendered
// from the synthetic universe: new ASINs go heavy, known ones light, and the
// light path costs what the price list says (1 token an ASIN).
#include "actors/pipeline.hpp"
#include "ingest/replay_source.hpp"
#include "keepa/time.hpp"
#include "storage/deal_store.hpp"
#include "synth/capture.hpp"
#include "synth/universe.hpp"

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/scoped_actor.hpp>

#include <catch2/catch.hpp>

#include <filesystem>

namespace {

struct temp_db {
  std::filesystem::path path;
  temp_db() {
    path = std::filesystem::temp_directory_path() /
           ("kd-pipeline-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ".db");
    std::filesystem::remove(path);
  }
  ~temp_db() {
    for (auto suffix : {"", "-wal", "-shm"})
      std::filesystem::remove(path.string() + suffix);
  }
  static inline int counter = 0;
};

// Renders the universe as one captured response and (re)loads it for replay.
void capture(const synth::universe& u, ingest::replay_source& replay) {
  replay.add_capture(synth::capture_of(u), "synthetic capture");
}

std::vector<std::string> asins_of(const synth::universe& u) {
  std::vector<std::string> asins;
  for (std::size_t i = 0; i < u.size(); ++i)
    asins.push_back(u.asin(i));
  return asins;
}

// A pipeline on a temporary SQLite file, fed by the universe replayed.
struct replayed_pipeline {
  std::shared_ptr<ingest::replay_source> replay = std::make_shared<ingest::replay_source>();
  temp_db db;
  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  kd::pipeline pipeline;

  explicit replayed_pipeline(const synth::universe& u, std::size_t chunk_size = 100) {
    capture(u, *replay);
    kd::pipeline_config config;
    config.db_file = db.path;
    config.bucket = {5, 100'000};
    config.chunk_size = chunk_size;
    // Routing bare ASINs is the seed's hybrid ingestion: offers with every heavy fetch.
    config.policy = ingest::policy_for(ingest::ingest_mode::hybrid);
    pipeline = kd::spawn_pipeline(sys, config, replay);
  }
  ~replayed_pipeline() { pipeline.stop(); }

  kd::route_summary route(std::vector<std::string> asins, std::vector<std::string> not_viable = {}) {
    caf::scoped_actor self{sys};
    kd::route_summary out;
    self->request(pipeline.router, std::chrono::seconds(60), kd::route_atom::value, std::move(asins),
                  std::move(not_viable), 0)
        .receive([&](kd::route_summary& s) { out = std::move(s); },
                 [&](caf::error& e) { FAIL("route failed: " << sys.render(e)); });
    return out;
  }
};

} // namespace

TEST_CASE("second pass over the same deals goes light, costs one token each and keeps List at") {
  synth::universe u({.products = 40, .seed = 7});
  replayed_pipeline p{u, 10};
  auto& db = p.db;

  auto first = p.route(asins_of(u));
  CHECK(first.heavy.requested == 40);
  CHECK(first.light.requested == 0);
  CHECK(first.heavy.failed.empty());
  CHECK(first.heavy.written + first.heavy.rejected == 40);
  REQUIRE(first.heavy.written > 0);
  CHECK(first.heavy.requests == 4);
  CHECK(first.heavy.tokens_consumed > 40);  // offers make the heavy fetch dearer than 1 a product

  // Record what the heavy path stored, then let a day pass and refresh.
  std::map<std::string, storage::stored_deal> before;
  {
    storage::deal_store store{db.path};
    for (const auto& asin : asins_of(u))
      if (auto row = store.find(asin))
        before.emplace(asin, *row);
  }
  u.advance_to(u.now() + 24 * 60);
  capture(u, *p.replay);

  auto second = p.route(asins_of(u));
  CHECK(second.light.requested == first.heavy.written);
  CHECK(second.heavy.requested == 40 - first.heavy.written);  // rejected ones are still new
  CHECK(second.light.written == second.light.requested);
  CHECK(second.light.tokens_consumed == static_cast<std::int64_t>(second.light.requested));
  CHECK(second.light.tokens_estimated == second.light.tokens_consumed);

  storage::deal_store store{db.path};
  for (const auto& [asin, old] : before) {
    INFO(asin);
    auto now = store.find(asin);
    REQUIRE(now);
    CHECK(now->row.list_at_cents == old.row.list_at_cents);
    CHECK(now->row.one_year_avg_cents == old.row.one_year_avg_cents);
    CHECK(now->row.seasonality == old.row.seasonality);
    CHECK(now->row.profit_confidence_pct == old.row.profit_confidence_pct);
    CHECK(now->row.last_seen_utc == old.row.last_seen_utc + 24 * 3600);
    CHECK(now->row.last_light_fetch_utc == now->row.last_seen_utc);
    CHECK(now->row.source == "upserter_light");
  }
}

TEST_CASE("ASINs Keepa leaves out are reported missing, not written") {
  synth::universe u({.products = 5, .seed = 3});
  replayed_pipeline p{u};
  auto asins = asins_of(u);
  asins.push_back("0000000000");
  auto summary = p.route(asins);
  CHECK(summary.heavy.missing == std::vector<std::string>{"0000000000"});
  CHECK(summary.heavy.written + summary.heavy.rejected == 5);
  storage::deal_store store{p.db.path};
  CHECK_FALSE(store.find("0000000000"));
}

TEST_CASE("new ASINs the peek ruled out are skipped without a token; known ones still refresh") {
  synth::universe u({.products = 6, .seed = 5});
  replayed_pipeline p{u};
  auto asins = asins_of(u);

  // The first three are analysed and stored; then all six come with the
  // first and the last two judged not viable.
  auto first = p.route({asins[0], asins[1], asins[2]});
  REQUIRE(first.heavy.written == 3);
  const auto spent_before = p.replay->tokens_consumed_total();
  auto second = p.route(asins, {asins[0], asins[4], asins[5]});
  CHECK(second.skipped == std::vector<std::string>{asins[4], asins[5]});
  CHECK(second.heavy.requested == 1);  // asins[3]
  CHECK(second.light.requested == 3);  // asins[0] too: known, so refreshed
  CHECK(p.replay->tokens_consumed_total() - spent_before ==
        second.heavy.tokens_consumed + second.light.tokens_consumed);
  storage::deal_store store{p.db.path};
  CHECK_FALSE(store.find(asins[4]));
}
