# Where `keepa-deals inspect` spends its time (read, parse, free), the way it
# was and the way it is, each run in a fresh process.
keepa_deals_bench(inspect_phases keepa_model app_input)
