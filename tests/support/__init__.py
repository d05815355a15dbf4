"""Test support shared by tests/ and benchmarks/: factories by area, database fixtures, launchers, AppTest helpers.

Modules:
factories/    small builders per area (accounts, filing, browse, review, rewards, dashboards, api, world)
apptest       AppTest of the real router, signed in
app_server    launchers for the deployed app (uvicorn), Streamlit and nginx; free ports, health waits
deployed_app  st.App with our routes and middleware, as uvicorn serves it
mail_server   a real SMTP server (aiosmtpd) that records what it receives
"""
