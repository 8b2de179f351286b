// The two faces of `keepa-deals status`: one JSON object for scripts (its keys
// are documented in README.md, "status") and a few aligned lines for people.
#pragma once

#include "app/export_format.hpp"  // iso_utc

#include "storage/status_report.hpp"

#include <string>

namespace app {

// One JSON object and a newline.
std::string status_json(const storage::status_report& report);

// Aligned "label  value" lines, times as ISO-8601 UTC.
std::string status_text(const storage::status_report& report);

} // namespace app
