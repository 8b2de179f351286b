#include "app/build_info.hpp"

#if !defined(KEEPA_DEALS_VERSION) || !defined(KEEPA_DEALS_DEMO_CAPTURE)
#error "app/CMakeLists.txt sets KEEPA_DEALS_VERSION and KEEPA_DEALS_DEMO_CAPTURE on this file"
#endif

namespace app {

const char* project_version() { return KEEPA_DEALS_VERSION; }

const char* bundled_demo_capture() { return KEEPA_DEALS_DEMO_CAPTURE; }

} // namespace app
