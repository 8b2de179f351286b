// Trend: which way the last few distinct NEW and USED prices have moved.
#pragma once

#include "keepa/product.hpp"

#include <string>

namespace analysis {

// How many distinct prices to look back over: 10 for a fast seller
// (avg365 rank < 100k), 5 below 500k, else (or unknown) 3.
int trend_window(const keepa::product& p);

// Merges csv 1 (NEW) and 2 (USED) in time order, skips values <= 0, collapses
// repeats of the same price, keeps the last trend_window() prices and compares
// the last with the first: "up", "down" or "flat" (also fewer than 2 prices).
std::string price_trend(const keepa::product& p);

} // namespace analysis
