"""Tooling: the command line and what operators run. May use every area; nothing imports it.

Modules:
cli          `python -m ideas <command>`; each cli_<area> module registers its commands
demo         the demo province; demo_<area> modules add each area's part
generate     a deterministic synthetic province for benchmarks
bench        benchmark harness
load         load harness: simulated people over Streamlit's WebSocket protocol (`python -m ideas load`);
             load_client (one browser tab), load_monitor (server CPU/RSS), load_server (start a server)
backup       portable backup and restore
"""
