// The peek: a cheap stats-only look at a new ASIN that rejects hopeless ones
// before the expensive full-history fetch.
#pragma once

#include "analysis/money.hpp"
#include "keepa/product.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace analysis {

// The original's viability bar ([deals] peek_* in the config).
struct peek_thresholds {
  cents min_sell_cents = 1200;      // sell = max avg90 of Amazon, NEW, USED must reach $12
  double max_buy_over_sell = 1.1;   // buy may be at most 1.1 x sell
  double min_spread = 0.20;         // (sell - buy) / buy must reach 20 %
};

enum class peek_reason {
  viable,
  no_stats,           // the response carried no stats
  sell_too_low,       // max avg90 of Amazon, NEW, USED under min_sell (or none)
  no_buy_price,       // no current USED nor NEW price
  buy_above_sell,     // buy > max_buy_over_sell x sell
  thin_margin,        // (sell - buy) / buy < min_spread
};

std::string_view to_string(peek_reason r);

struct peek_verdict {
  peek_reason reason = peek_reason::viable;
  std::optional<cents> sell_cents;  // max(avg90 Amazon, NEW, USED)
  std::optional<cents> buy_cents;   // current USED, else NEW
  bool viable() const { return reason == peek_reason::viable; }
};

// The verdict from the 90-day averages and current prices (indexed by csv
// type); both entry points below come down to this.
peek_verdict peek_prices(const keepa::per_type& avg90, const keepa::per_type& current,
                         const peek_thresholds& bar = {});

peek_verdict peek(const keepa::product& stats_only, const peek_thresholds& bar = {});

// The same check from a deal-feed entry, which carries the same figures
// (avg[3] is the 90-day average, current the value at lastUpdate): a peek
// that costs no token at all.
peek_verdict peek(const keepa::deal& feed_entry, const peek_thresholds& bar = {});

// Which of `chosen` the feed's own entries rule out (not worth a heavy fetch).
std::vector<std::string> not_viable(const std::vector<keepa::deal>& feed, const std::vector<std::string>& chosen,
                                    const peek_thresholds& bar = {});

} // namespace analysis
