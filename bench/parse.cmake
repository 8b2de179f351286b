# /product parse speed (MB/s, products/s) on synthetic full-history and stats-only responses and the real capture.
# Beside the parser, simdjson On-Demand touching every value of the same body
# and keeping nothing (bench/ondemand_walk.cpp): the peer in the same run.
keepa_deals_bench(parse keepa_model synth simdjson::simdjson)
target_sources(bench_parse PRIVATE ${CMAKE_CURRENT_LIST_DIR}/ondemand_walk.cpp)
