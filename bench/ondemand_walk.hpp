// The peer bench_parse measures the parser against: simdjson On-Demand
// visiting every value of a body (every number read as a number, every string
// found) and keeping nothing. No parser built on On-Demand can do less work
// for the same body, so the ratio of the two is what the model costs.
#pragma once

#include <cstddef>
#include <string>

namespace bench {

// A checksum of the body's integers (so nothing is optimised away); exits
// with a message when the body is not JSON.
std::size_t touch_every_value(const std::string& body);

// simdjson's DOM parser building its tape of the body (every number parsed,
// nothing read back): runs on the kernel chosen at run time for this CPU,
// where On-Demand above runs on the one this build was compiled for.
std::size_t dom_tape(const std::string& body);

} // namespace bench
