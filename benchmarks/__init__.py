"""Benchmarks that need Streamlit or a browser, kept out of the domain package: page renders through AppTest
(pages), the load harness over Streamlit's WebSocket protocol (load), capacity curves of load runs (capacity,
capacity_report), Chromium timings (browser_timing)."""
