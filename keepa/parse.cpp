#include "keepa/parse.hpp"
