// A deterministic synthetic Keepa universe: books with years of seasonal
// history, their stats and offers, and the deal feed over them. Used by tests,
// benchmarks, the embedded default job and the mock Keepa server.
//
// Product i depends only on (seed, i, history_days, the first now, now):
// never on how many products the universe holds, on what was asked before,
// or on how many advance_to steps reached now. Each book is a small market
// simulation:
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
#include <optional>
#include <string>
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

// What stays in memory per book is what moving the clock and choosing the
// deal feed need (its market state, the last 90 days of its csv points in a
// compact form, its feed entry); a product's histories, stats and offers are
// generated again from its seed when asked for. So a product's answer is the
// same whatever was asked before, and the same whether the clock reached
// `now` in one advance_to or in many.
class universe {
public:
  explicit universe(const universe_options& options);
  ~universe();
  universe(const universe&);
  universe& operator=(const universe&) = delete;
  universe(universe&&) noexcept;
  universe& operator=(universe&&) noexcept;

  keepa::keepa_minute now() const { return now_; }
  std::size_t size() const { return options_.products; }
  const universe_options& options() const { return options_; }

  // Product `index` as of now(): full csv history, stats and offers, generated
  // on demand (about 1 ms for a three-year book). Stats are computed as of
  // max(the universe's first now, the product's lastUpdate), so a product with
  // no news since is answered byte for byte as before. Safe to call from
  // several threads.
  keepa::product product(std::size_t index) const;
  // The product with this ASIN, or nullopt.
  std::optional<keepa::product> find(std::string_view asin) const;
  std::optional<std::size_t> index_of(std::string_view asin) const;
  const std::string& asin(std::size_t index) const;
  // Every product, generated: for small universes (tests, captures).
  std::vector<keepa::product> all_products() const;

  // Moves the clock forward (an earlier `now` is ignored): prices and ranks
  // drift, copies sell (offer count and rank drop together), Amazon comes and
  // goes. Products with new history points get a new lastUpdate (time of their
  // newest point), lastPriceChange and feed entry. Returns how many changed.
  std::size_t advance_to(keepa::keepa_minute now);

  // The deal feed's entries, one per product (by index), each as of the
  // product's lastUpdate: make_deal(product(i), product(i).last_update).
  std::span<const deal_summary> deals() const;
  keepa::deal deal(std::size_t index) const;

  // Every seller that appears in an offer (a fixed pool per seed), and Amazon.
  const std::vector<keepa::seller>& sellers() const { return sellers_; }
  const keepa::seller* find_seller(std::string_view seller_id) const;

  book_kind kind_of(std::size_t index) const;
  // Every sale of the product up to now(), generated again (ground truth for tests).
  std::vector<sale_record> sales_of(std::size_t index) const;

  // Bytes this universe holds (its books, feed entries and ASINs), an estimate.
  std::size_t resident_bytes() const;

private:
  universe_options options_;
  keepa::keepa_minute now_;
  std::vector<keepa::seller> sellers_;
  struct state;
  std::unique_ptr<state> state_;
};

// The ASIN of product `index` for `seed`: a valid ISBN-10, unique per index.
std::string asin_for(std::uint64_t seed, std::size_t index);

} // namespace synth
