# Light updates/s and existence checks/s on a 100,000-deal WAL file, and the
# store beside a raw SQLite C-API probe of the same UPDATE (the ceiling).
keepa_deals_bench(light_updates storage SQLite::SQLite3)
