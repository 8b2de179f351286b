# /product parse speed (MB/s, products/s) on synthetic full-history and stats-only responses and the real capture.
keepa_deals_bench(parse keepa_model synth)
