// The capacity benchmark's outputs: a table for the terminal, JSON for
// machines, a gnuplot chart of live deals over simulated time.
#pragma once

#include "bench/capacity/capacity_run.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace capacity {

struct bench_setup {
  int days = 0;
  std::int32_t rate = 0;
  std::int32_t retention_hours = 0;
  std::size_t universe = 0;
  std::uint64_t seed = 0;
};

// Derived figures, as the table and the JSON show them.
double tokens_per_new_deal(const run_result& r);
double tokens_per_refresh(const run_result& r);
double tokens_per_live_deal_day(const run_result& r);
// "supply" when the feed ran out before the tokens did, else "tokens".
std::string bound_by(const run_result& r);

std::string table(const bench_setup& setup, const std::vector<run_result>& runs);
std::string json(const bench_setup& setup, const std::vector<run_result>& runs);
// Writes FILE.dat and FILE.gp beside the PNG and runs gnuplot; false (with a
// message on stderr) when gnuplot is missing or fails.
bool chart(const bench_setup& setup, const std::vector<run_result>& runs, const std::filesystem::path& png);

} // namespace capacity
