#include "synth/universe.hpp"
