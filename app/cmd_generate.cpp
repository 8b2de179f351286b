// `keepa-deals generate`: writes a synthetic /product response (Keepa's JSON)
// to stdout, for fixtures, benchmarks and trying the parser by hand.
#include "app/command.hpp"
#include "keepa/pricing.hpp"
#include "synth/render.hpp"
#include "synth/universe.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>
#include <optional>
#include <stdexcept>

namespace {

struct generate_args {
  std::size_t products = 10;
  std::uint64_t seed = 1;
  int history = 1;
  bool offers = false;
  std::int32_t days = 1095;
  keepa::keepa_minute now = 0;
};

int run_generate(const generate_args& args) {
  synth::universe_options options;
  options.products = args.products;
  options.seed = args.seed;
  options.history_days = args.days;
  options.now = args.now;
  std::optional<synth::universe> made;
  try {
    made.emplace(options);
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "generate: %s\n", e.what());
    return 2;
  }
  const synth::universe& world = *made;
  const std::vector<keepa::product> generated = world.all_products();
  std::vector<const keepa::product*> products;
  products.reserve(generated.size());
  for (const auto& p : generated) products.push_back(&p);

  // The envelope a real server would send for this request: the price of
  // `stats=180&history=..[&offers=20]` for these products, from a full bucket.
  keepa::product_request request;
  request.stats_days = 180;
  request.history = args.history != 0;
  request.offers = args.offers ? 20 : 0;
  std::vector<keepa::product_outcome> outcomes;
  for (const auto& p : generated) {
    keepa::product_outcome o;
    const auto count = static_cast<std::int32_t>(p.offers.size());
    o.offer_pages_found = std::min(2, (count + 9) / 10);
    o.has_no_offers = count == 0;
    outcomes.push_back(o);
  }
  keepa::envelope env;
  env.timestamp_ms = keepa::to_unix(world.now()) * 1000;
  env.tokens_consumed = static_cast<std::int32_t>(keepa::product_cost(request, outcomes));
  env.refill_rate = 20;
  env.tokens_left = 1200 - env.tokens_consumed;
  env.refill_in_ms = 30000;
  synth::render_options render;
  render.history = args.history != 0;
  render.offers = args.offers;
  const std::string body = synth::render_product_response(products, env, render);
  if (std::fwrite(body.data(), 1, body.size(), stdout) != body.size() || std::fputc('\n', stdout) == EOF) {
    std::fprintf(stderr, "generate: could not write the response to stdout\n");
    return 1;
  }
  return 0;
}

const app::command_registration generate_registration{"generate", [](CLI::App& root) {
  auto* cmd = root.add_subcommand(
      "generate", "Write a synthetic Keepa /product response (JSON) for N seeded books to stdout");
  auto args = std::make_shared<generate_args>();
  cmd->add_option("--products", args->products, "How many products")->check(CLI::Range(0, 1000000));
  cmd->add_option("--seed", args->seed, "Seed: the same seed gives the same bytes");
  cmd->add_option("--history", args->history, "1: csv and salesRanks histories; 0: stats only (history=0)")
      ->check(CLI::IsMember({0, 1}));
  cmd->add_flag("--offers", args->offers, "Include offers[] and the offer-only histories (offers=20)");
  cmd->add_option("--days", args->days, "Days of history before now (at most about three years)")
      ->check(CLI::Range(0, 1095));
  cmd->add_option("--now", args->now, "The Keepa minute to generate at (default 2026-11-01 00:00 UTC)")
      ->check(CLI::PositiveNumber);
  cmd->callback([args] {
    if (int rc = run_generate(*args)) throw CLI::RuntimeError(rc);
  });
}};

} // namespace
