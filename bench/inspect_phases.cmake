# Where `keepa-deals inspect` spends its time (read, parse, free), the way it
# was and the way it is, each run in a fresh process.
keepa_deals_bench(inspect_phases keepa_model net)
target_sources(bench_inspect_phases PRIVATE ${PROJECT_SOURCE_DIR}/app/input_file.cpp)
target_link_libraries(bench_inspect_phases PRIVATE fmt::fmt)
