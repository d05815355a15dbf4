"""Tooling: the command line and what operators run. May use every area; nothing imports it.

Modules:
cli          `python -m ideas <command>`; each cli_<area> module registers its commands
demo         the demo province; demo_<area> modules add each area's part
generate     a deterministic synthetic province for benchmarks
bench        benchmark harness
backup       portable backup and restore
"""
