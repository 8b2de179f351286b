#include "storage/deal_row.hpp"
