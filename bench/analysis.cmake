# Heavy analyses/s (and light refreshes/s) on one core over synthetic three-year products.
keepa_deals_bench(analysis analysis synth keepa_model)
