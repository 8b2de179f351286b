# keepa-bench: the capacity harness (and its parts, a library the tests can use).
add_library(capacity_bench capacity/feed_supply.cpp capacity/capacity_run.cpp capacity/report.cpp)
target_include_directories(capacity_bench PUBLIC ${PROJECT_SOURCE_DIR})
target_link_libraries(capacity_bench PUBLIC sim ingest analysis keepa_client PRIVATE SQLiteCpp fmt::fmt)
add_executable(keepa-bench ${CMAKE_CURRENT_SOURCE_DIR}/keepa_bench.cpp)
target_link_libraries(keepa-bench PRIVATE capacity_bench CLI11::CLI11 spdlog::spdlog)
set_target_properties(keepa-bench PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR})
