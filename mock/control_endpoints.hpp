// The /mock/* endpoints tests and benchmarks drive the mock with:
// GET /mock/stats, POST /mock/advance?minutes=N (or ms, seconds, hours, days),
// POST /mock/fault?kind=..&count=..&delay_ms=..&missing=..&endpoint=..,
// DELETE /mock/fault. Plain JSON, never gzip, never billed.
#pragma once

#include "mock/keepa_service.hpp"

#include <string_view>

namespace mock {

reply handle_control(keepa_service& service, std::string_view method, std::string_view target);

} // namespace mock
