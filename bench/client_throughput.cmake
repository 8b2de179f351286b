# Light /product throughput of keepa_client against the mock Keepa server over loopback.
# The client-alone run replays one mock answer from tests/net's loopback server.
if(TARGET mock_server AND TARGET loopback_server)
  keepa_deals_bench(client_throughput keepa_client mock_server synth net loopback_server)
endif()
