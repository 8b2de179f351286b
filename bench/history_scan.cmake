# The history scanner alone (keepa/history_scan.hpp), each way this processor
# has, on every flat integer array of a synthetic full-history body.
keepa_deals_bench(history_scan keepa_model synth)
