"""A bare Streamlit script: what one rerun costs Streamlit itself (benchmarks/cpu_per_action.py)."""
import streamlit as st

st.title("Sáng kiến")
st.write("Một trang trống.")
