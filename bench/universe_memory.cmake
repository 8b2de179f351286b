# Resident memory of the synthetic universe behind the mock, and what on-demand generation costs.
keepa_deals_bench(universe_memory mock_server keepa_client synth keepa_model)
