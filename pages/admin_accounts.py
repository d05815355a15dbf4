"""Admin: search accounts, add one, edit roles with a unit scope, deactivate, reset a password."""
import streamlit as st

import ui
from ideas.accounts import units, users
from ideas.core.i18n import fmt_datetime
from ideas.core.permissions import ROLES

PAGE_SIZE = 50
ui.require_user()
ui.page_header("accounts.title", "accounts.help")
role_label = {r: ui.T(f"role.{r}") for r in ROLES}

reset = st.session_state.pop("reset_password_shown", None)
if reset:
    st.warning(ui.T("accounts.temp_password_once", username=ui.plain(reset[0])))
    st.code(reset[1], language=None)

unit_labels = dict(ui.read(lambda *, session, actor: units.unit_options(session)))

col_text, col_unit, col_inactive = st.columns([3, 3, 2])
text = col_text.text_input(ui.T("accounts.search"), key="acc_search")
unit_filter = col_unit.selectbox(ui.T("field.unit"), [None] + list(unit_labels), key="acc_unit",
                                 format_func=lambda i: ui.T("common.all") if i is None else unit_labels[i],
                                     placeholder=ui.T("core.choose_option"))
inactive = col_inactive.checkbox(ui.T("accounts.include_inactive"), key="acc_inactive")
page = st.number_input(ui.T("common.page"), min_value=1, step=1, key="acc_page")

found = ui.read(users.search_users, text=text, unit_id=unit_filter, include_inactive=inactive, limit=PAGE_SIZE,
                offset=(page - 1) * PAGE_SIZE)
if found.empty:
    st.info(ui.T("accounts.empty"))
else:
    # no unit / position / e-mail: an empty cell, not "None"
    shown = found.drop(columns=["id"]).fillna({c: "" for c in ("email", "unit_code", "unit_name", "position")})
    shown["locked_until"] = [fmt_datetime(v, ui.lang()) if v is not None and v == v else "" for v in shown.locked_until]
    # Name, unit and state first: at 1440 px the e-mail may scroll, these must not.
    st.dataframe(shown, hide_index=True, width="stretch", column_order=[
        "full_name", "username", "unit_name", "position", "active", "locked_until", "email"], column_config={
        "username": ui.T("field.username"), "full_name": ui.T("field.full_name"),
        "email": ui.T("field.email"), "unit_code": ui.T("units.col.code"), "unit_name": ui.T("field.unit"),
        "position": ui.T("field.position"), "active": ui.T("units.col.active"),
        "locked_until": ui.T("accounts.locked_until")})

add_tab, edit_tab = st.tabs([ui.T("accounts.add"), ui.T("accounts.edit")])

with add_tab, st.form("account_add"):
    username = st.text_input(ui.T("field.username"), key="acc_add_username")
    full_name = st.text_input(ui.T("field.full_name"), key="acc_add_full_name")
    email = st.text_input(ui.T("field.email"), key="acc_add_email")
    unit_id = st.selectbox(ui.T("field.unit"), list(unit_labels), format_func=unit_labels.get,
                           key="acc_add_unit", placeholder=ui.T("core.choose_option"))
    position = st.text_input(ui.T("field.position"), key="acc_add_position")
    roles = st.multiselect(ui.T("field.roles"), ROLES, default=["staff"], format_func=role_label.get, select_all=False,
                           placeholder=ui.T("core.choose_options"),
                           key="acc_add_roles")
    if st.form_submit_button(ui.T("accounts.add"), type="primary"):
        temporary = users.generate_temporary_password()
        created = ui.act(users.create_user, username=username, full_name=full_name, email=email, unit_id=unit_id,
                         position=position, password=temporary, must_change_password=True,
                         roles=[(r, None if r in ("admin", "leader") else unit_id) for r in roles])
        if created:
            st.session_state["reset_password_shown"] = (created.value.username, temporary)
            st.rerun()

with edit_tab:
    if found.empty:
        st.info(ui.T("accounts.empty"))
    else:
        people = dict(zip(found.id, found.full_name + " (" + found.username + ")", strict=True))
        target = st.selectbox(ui.T("accounts.pick"), list(people), format_func=people.get, key="acc_edit_pick",
                              placeholder=ui.T("core.choose_option"))
        current_roles = ui.read(lambda *, session, actor: users.roles_of(session, int(target)))
        target_active = bool(found.set_index("id").loc[target, "active"])
        scope_labels = {None: ui.T("accounts.scope_all"), **unit_labels}
        st.write(ui.T("accounts.current_roles"))
        edited = st.data_editor(
            [{"role": role_label[r], "scope": scope_labels.get(u, "?")} for r, u in current_roles],
            num_rows="dynamic", key=f"roles_{target}", width="stretch",
            column_config={
                "role": st.column_config.SelectboxColumn(ui.T("field.roles"), options=list(role_label.values()),
                                                         required=True),
                "scope": st.column_config.SelectboxColumn(ui.T("accounts.scope"),
                                                          options=list(scope_labels.values()), required=True),
            })
        by_label = {label: uid for uid, label in scope_labels.items()}
        c1, c2, c3 = st.columns(3)
        if c1.button(ui.T("accounts.save_roles"), type="primary"):
            role_of = {label: code for code, label in role_label.items()}
            wanted = [(role_of[row["role"]], by_label.get(row["scope"])) for row in edited if row.get("role")]
            if ui.act(users.set_roles, user_id=int(target), roles=wanted, success=ui.T("accounts.saved")):
                st.rerun()
        toggle = ui.T("accounts.deactivate") if target_active else ui.T("accounts.activate")
        if c2.button(toggle):
            if ui.act(users.set_active, user_id=int(target), active=not target_active, success=ui.T("accounts.saved")):
                st.rerun()
        if c3.button(ui.T("accounts.reset_password")):
            reset_to = ui.act(users.admin_reset_password, user_id=int(target))
            if reset_to:
                username_of = dict(zip(found.id, found.username, strict=True))
                st.session_state["reset_password_shown"] = (username_of[target], reset_to.value)
                st.rerun()
