"""Test support shared by tests/ and benchmarks/: factories by area, database fixtures, launchers, AppTest helpers.

Modules:
factories/    small builders per area (accounts, filing, browse, review, rewards, dashboards, api, world)
apptest       AppTest of the real router, signed in
launch        launchers (context managers) for Streamlit, the deployed app (uvicorn) and nginx; free ports, health
              waits; used by benchmarks/ too
deployed_app  st.App with our routes and middleware, as uvicorn serves it
mail_server   a real SMTP server (aiosmtpd) that records what it receives
database      the run's database, the rolled-back session of the `session` fixture, the wipe after `db`
files         import files as other programs write them (XLSX with merged titles, Windows-1258 text)
formats       the one list of wrong Vietnamese formats; a page's text, table cells and number fields as drawn, and
              the files its download buttons hold (AppTest)
"""
