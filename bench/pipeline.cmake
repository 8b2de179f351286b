# Deals/s through the whole actor pipeline (heavy pass, then light pass) over replayed payloads.
keepa_deals_bench(pipeline actors ingest synth storage CAF::core)
