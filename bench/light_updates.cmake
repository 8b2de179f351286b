# Light updates/s and existence checks/s on a 100,000-deal WAL file.
keepa_deals_bench(light_updates storage)
