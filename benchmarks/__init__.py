"""Benchmarks that need Streamlit (page renders through AppTest); kept out of the domain package."""
