"""Home: a short welcome with what the signed-in person can do next."""
import streamlit as st

import ui

user = ui.require_user()
ui.page_header("home.title")
st.write(ui.T("home.welcome", name=user.full_name))
st.info(ui.T("home.intro"))
roles = sorted(user.roles)
st.caption(ui.T("home.your_roles", roles=", ".join(ui.T(f"role.{r}") for r in roles)))
