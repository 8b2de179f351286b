# libFuzzer targets for the parsers (-DKEEPA_FUZZ=ON, clang only, in a build
# directory of their own: scripts/fuzz.sh configures build-fuzz with the
# sanitizer flags for every translation unit). Not part of the test suite:
# this folder has no CMakeLists.txt, so tests/ does not pick it up.
if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "KEEPA_FUZZ needs clang (libFuzzer): configure with -DCMAKE_CXX_COMPILER=clang++")
endif()
set(fuzz_dir ${PROJECT_SOURCE_DIR}/tests/fuzz)
foreach(target product deal seller error)
  add_executable(fuzz_${target} ${fuzz_dir}/fuzz_${target}.cpp)
  target_link_libraries(fuzz_${target} PRIVATE keepa_model)
endforeach()
# run_config.cpp and the URL parser it checks with, without the rest of net/ (Beast).
add_executable(fuzz_config ${fuzz_dir}/fuzz_config.cpp ${PROJECT_SOURCE_DIR}/app/run_config.cpp
  ${PROJECT_SOURCE_DIR}/net/url.cpp ${PROJECT_SOURCE_DIR}/net/redact.cpp)
target_include_directories(fuzz_config PRIVATE ${PROJECT_SOURCE_DIR})
target_link_libraries(fuzz_config PRIVATE ingest analysis tomlplusplus::tomlplusplus fmt::fmt)
foreach(target product deal seller error config)
  target_include_directories(fuzz_${target} PRIVATE ${PROJECT_SOURCE_DIR})
  target_link_options(fuzz_${target} PRIVATE -fsanitize=fuzzer)
  set_target_properties(fuzz_${target} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/fuzz)
endforeach()
