// What the build knows and the code does not, each set by app/CMakeLists.txt
// on build_info.cpp alone: a version bump or a moved checkout recompiles only
// that file.
#pragma once

namespace app {

// project(VERSION ...) in the top CMakeLists.
const char* project_version();

// The source tree's data/demo-capture: the bundled capture the embedded
// default replays (see README, "Capture and replay").
const char* bundled_demo_capture();

} // namespace app
