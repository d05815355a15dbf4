"""Admin: search accounts, add one, edit roles with a unit scope, deactivate, reset a password."""
import streamlit as st

import ui
from ideas.accounts import units, users
from ideas.core.permissions import ROLES

PAGE_SIZE = 50
user = ui.require_user()
ui.page_header("accounts.title", "accounts.help")

reset = st.session_state.pop("reset_password_shown", None)
if reset:
    st.warning(ui.T("accounts.temp_password_once", username=reset[0]))
    st.code(reset[1], language=None)

with ui.db().read_session() as session:
    unit_labels = dict(units.unit_options(session))

col_text, col_unit, col_inactive = st.columns([3, 3, 2])
text = col_text.text_input(ui.T("accounts.search"), key="acc_search")
unit_filter = col_unit.selectbox(ui.T("field.unit"), [None] + list(unit_labels), key="acc_unit",
                                 format_func=lambda i: ui.T("common.all") if i is None else unit_labels[i])
inactive = col_inactive.checkbox(ui.T("accounts.include_inactive"), key="acc_inactive")
page = st.number_input(ui.T("common.page"), min_value=1, step=1, key="acc_page")

with ui.db().read_session() as session:
    actor = ui.load_actor(session, user)
    found = users.search_users(session, actor=actor, text=text, unit_id=unit_filter,
                                  include_inactive=inactive, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
if found.empty:
    st.info(ui.T("accounts.empty"))
else:
    # no unit / position / e-mail: an empty cell, not "None"
    shown = found.drop(columns=["id"]).fillna({c: "" for c in ("email", "unit_code", "unit_name", "position")})
    st.dataframe(shown, hide_index=True, width="stretch", column_config={
        "username": ui.T("field.username"), "full_name": ui.T("field.full_name"),
        "email": ui.T("field.email"), "unit_code": ui.T("units.col.code"), "unit_name": ui.T("field.unit"),
        "position": ui.T("field.position"), "active": ui.T("units.col.active"),
        "locked_until": ui.T("accounts.locked_until")})

role_label = {r: ui.T(f"role.{r}") for r in ROLES}
add_tab, edit_tab = st.tabs([ui.T("accounts.add"), ui.T("accounts.edit")])

with add_tab, st.form("account_add"):
    username = st.text_input(ui.T("field.username"), key="acc_add_username")
    full_name = st.text_input(ui.T("field.full_name"), key="acc_add_full_name")
    email = st.text_input(ui.T("field.email"), key="acc_add_email")
    unit_id = st.selectbox(ui.T("field.unit"), list(unit_labels), format_func=unit_labels.get,
                           key="acc_add_unit")
    position = st.text_input(ui.T("field.position"), key="acc_add_position")
    roles = st.multiselect(ui.T("field.roles"), ROLES, default=["staff"], format_func=role_label.get,
                           placeholder=ui.T("field.choose_options"),
                           key="acc_add_roles")
    if st.form_submit_button(ui.T("accounts.add"), type="primary"):
        def add(s):
            temporary = users.generate_temporary_password()
            created = users.create_user(
                session=s, actor=ui.load_actor(s, user), username=username, full_name=full_name, email=email,
                unit_id=unit_id, position=position, password=temporary, must_change_password=True,
                roles=[(r, None if r in ("admin", "leader") else unit_id) for r in roles])
            return created.username, temporary

        created = ui.run(add)
        if created:
            st.session_state["reset_password_shown"] = created
            st.rerun()

with edit_tab:
    if found.empty:
        st.info(ui.T("accounts.empty"))
    else:
        people = dict(zip(found.id, found.full_name + " (" + found.username + ")", strict=True))
        target = st.selectbox(ui.T("accounts.pick"), list(people), format_func=people.get, key="acc_edit_pick")
        with ui.db().read_session() as session:
            current_roles = users.roles_of(session, int(target))
            target_user = users.get_user(session, int(target))
        scope_labels = {None: ui.T("accounts.scope_all"), **unit_labels}
        st.write(ui.T("accounts.current_roles"))
        edited = st.data_editor(
            [{"role": r, "scope": scope_labels.get(u, "?")} for r, u in current_roles],
            num_rows="dynamic", key=f"roles_{target}", width="stretch",
            column_config={
                "role": st.column_config.SelectboxColumn(ui.T("field.roles"), options=list(ROLES), required=True),
                "scope": st.column_config.SelectboxColumn(ui.T("accounts.scope"),
                                                          options=list(scope_labels.values()), required=True),
            })
        by_label = {label: uid for uid, label in scope_labels.items()}
        c1, c2, c3 = st.columns(3)
        if c1.button(ui.T("accounts.save_roles"), type="primary"):
            wanted = [(row["role"], by_label.get(row["scope"])) for row in edited if row.get("role")]
            if ui.run(lambda s: users.set_roles(session=s, actor=ui.load_actor(s, user), user_id=int(target),
                                                   roles=wanted), success=ui.T("accounts.saved")):
                st.rerun()
        toggle = ui.T("accounts.deactivate") if target_user.active else ui.T("accounts.activate")
        if c2.button(toggle):
            if ui.run(lambda s: users.set_active(session=s, actor=ui.load_actor(s, user), user_id=int(target),
                                                    active=not target_user.active), success=ui.T("accounts.saved")):
                st.rerun()
        if c3.button(ui.T("accounts.reset_password")):
            temporary = ui.run(lambda s: users.admin_reset_password(session=s, actor=ui.load_actor(s, user),
                                                                       user_id=int(target)))
            if temporary:
                st.session_state["reset_password_shown"] = (target_user.username, temporary)
                st.rerun()
