"""The app as deployed (st.App with our routes and middleware), for tests that talk HTTP to a real server.

app.py wires the same three (routes, lifespan, middleware); this module exists so that the tests do not
depend on app.py's other work at import time.
"""
from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import api_routes  # noqa: E402
import auth_routes  # noqa: E402
import public_routes  # noqa: E402

app = st.App(str(ROOT / "app.py"), routes=auth_routes.ROUTES + public_routes.ROUTES + api_routes.ROUTES,
             lifespan=auth_routes.lifespan,
             middleware=auth_routes.MIDDLEWARE)
