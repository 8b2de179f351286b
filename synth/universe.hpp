// A deterministic synthetic Keepa universe: books with years of seasonal
// history, their stats and offers, and the deal feed over them. Used by tests,
// benchmarks, the embedded default job and the mock Keepa server.
#pragma once

#include "keepa/product.hpp"

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace synth {

struct universe_options {
  std::size_t products = 100;
  std::uint64_t seed = 1;
  std::int32_t history_days = 1095;       // up to three years
  keepa::keepa_minute now = 0;            // 0: a fixed default instant
};

class universe {
public:
  explicit universe(const universe_options& options);

  keepa::keepa_minute now() const { return now_; }
  const std::vector<keepa::product>& products() const { return products_; }
  const keepa::product* find(std::string_view asin) const;

  // Moves the clock forward: prices and ranks drift, copies sell (offer count
  // and rank drop together), Amazon comes and goes; stats and lastUpdate follow.
  void advance_to(keepa::keepa_minute now);

private:
  universe_options options_;
  keepa::keepa_minute now_;
  std::vector<keepa::product> products_;
  // further generator state lives in universe.cpp's private members
  struct state;
  std::shared_ptr<state> state_;
};

} // namespace synth
