# Light updates/s end to end through the writer actor, with and without group
# commit, beside the raw SQLite C-API probe.
keepa_deals_bench(writer_throughput actors storage SQLite::SQLite3 CAF::core)
