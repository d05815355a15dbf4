"""Domain package of the initiative (sáng kiến) platform. Never imports streamlit."""
