"""Load harness: simulated people over Streamlit's own WebSocket protocol (`python -m benchmarks.load`).

client   one browser tab (BackMsg/ForwardMsg protobufs shipped in the streamlit package)
runner   people, their mix of actions by role, think time, latency report, and the check of every write
monitor  server CPU and RSS sampled with psutil
server   start `streamlit run app.py` on a free port and wait for its health check
"""
