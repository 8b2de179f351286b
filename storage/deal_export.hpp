// The deals as `keepa-deals export` writes them, read from a store file
// without changing it (read-only, like status): every deal, or only those
// in the deals_profitable view, best profit first.
#pragma once

#include "storage/deal_row.hpp"

#include <filesystem>
#include <vector>

namespace storage {

// Throws store_error naming the file: missing, not a keepa-deals store, from
// a newer program, or (for `profitable`) from before schema version 5, which
// has no deals_profitable view.
std::vector<deal_row> read_deals_for_export(const std::filesystem::path& db, bool profitable);

} // namespace storage
