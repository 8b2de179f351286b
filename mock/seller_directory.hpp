// Sellers for /seller: every well-formed id exists, with a name and ratings
// that follow from the id alone, so repeated runs agree.
#pragma once

#include "keepa/product.hpp"

#include <string_view>

namespace mock {

// Seller ids are 1..20 characters of A-Z and 0-9 (Amazon's are 13-14).
bool valid_seller_id(std::string_view id);
keepa::seller seller_for(std::string_view id);

} // namespace mock
