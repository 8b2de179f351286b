// A deterministic synthetic Keepa universe: books with years of seasonal
// history, their stats and offers, and the deal feed over them. Used by tests,
// benchmarks, the embedded default job and the mock Keepa server.
//
// Product i depends only on (seed, i, history_days, now): never on how many
// products the universe holds. Each book is a small market simulation:
//  - third-party offers (used in four conditions, new; FBA or FBM) come and go;
//    csv 2/1 are the lowest used/new prices, csv 12/11 the offer counts;
//  - a sale removes the cheapest offer: the count drops at that minute and the
//    sales rank (csv 3) drops 0-90 minutes later; prices catch up 10-120
//    minutes after the sale (Keepa sees the new lowest offer on a later crawl);
//  - between sales the rank drifts up; sellers also delist (count drops
//    without a rank drop), so not every offer drop is a sale;
//  - some books are sold by Amazon (csv 0) part of the time;
//  - seasonal kinds (textbooks Aug-Sep and January, Christmas, gardening, tax,
//    travel, ...) sell more and are priced higher in season.
#pragma once

#include "keepa/product.hpp"
#include "synth/catalog.hpp"
#include "synth/default_now.hpp"
#include "synth/deal.hpp"

#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

namespace synth {

// Longest history a universe generates (Keepa keeps more; three years is what the analysis reads).
inline constexpr std::int32_t max_history_days = 3660;

// Invalid options (history_days outside 0..max_history_days, a `now` too
// early for the history) throw std::invalid_argument naming the field.
struct universe_options {
  std::size_t products = 100;
  std::uint64_t seed = 1;
  std::int32_t history_days = 1095;       // up to three years
  keepa::keepa_minute now = 0;            // 0: synth::default_now (synth/default_now.hpp)
};

// Ground truth of one simulated sale, for tests of sale inference.
struct sale_record {
  keepa::keepa_minute count_drop = 0;  // when csv `count_type` dropped (0 for Amazon sales: no count)
  keepa::keepa_minute rank_drop = 0;   // when csv 3 dropped; 0 while not yet recorded
  int count_type = 0;                  // keepa::count_used, keepa::count_new, or keepa::amazon
  std::int32_t price = 0;              // what the sold offer asked, cents, shipping excluded
};

class universe {
public:
  explicit universe(const universe_options& options);
  ~universe();
  universe(universe&&) noexcept;
  universe& operator=(universe&&) noexcept;

  keepa::keepa_minute now() const { return now_; }
  const std::vector<keepa::product>& products() const { return products_; }
  const keepa::product* find(std::string_view asin) const;

  // Moves the clock forward (an earlier `now` is ignored): prices and ranks
  // drift, copies sell (offer count and rank drop together), Amazon comes and
  // goes. Products with new history points get new stats (computed at this
  // `now`), offers, lastUpdate (time of their newest point) and
  // lastPriceChange; others are untouched, stats included (every book has a
  // rank point at least every 16 hours, so no stats are older than that).
  // Returns how many products changed.
  std::size_t advance_to(keepa::keepa_minute now);

  // Every seller that appears in an offer (a fixed pool per seed), and Amazon.
  const std::vector<keepa::seller>& sellers() const { return sellers_; }
  const keepa::seller* find_seller(std::string_view seller_id) const;

  book_kind kind_of(std::size_t index) const;
  std::span<const sale_record> sales_of(std::size_t index) const;

private:
  universe_options options_;
  keepa::keepa_minute now_;
  std::vector<keepa::product> products_;
  std::vector<keepa::seller> sellers_;
  struct state;
  std::unique_ptr<state> state_;
};

// The ASIN of product `index` for `seed`: a valid ISBN-10, unique per index.
std::string asin_for(std::uint64_t seed, std::size_t index);

} // namespace synth
