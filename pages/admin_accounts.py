"""Admin: search accounts, add one, edit roles with a unit scope, deactivate, reset a password."""
from dataclasses import asdict

import streamlit as st

import ui
from ideas.accounts import admin_accounts_view, identity, users

PAGE_SIZE = 50
ui.require_user()
ui.page_header("accounts.title", "accounts.help")
lang = ui.lang()

reset = st.session_state.pop("reset_password_shown", None)
if reset:
    st.warning(ui.T("accounts.temp_password_once", username=ui.plain(reset[0])))
    st.code(reset[1], language=None)

labels = ui.read(admin_accounts_view.choices, lang=lang)

col_text, col_unit, col_inactive = st.columns([3, 3, 2])
text = col_text.text_input(ui.T("accounts.search"), key="acc_search")
unit_filter = ui.pick("field.unit", {None: ui.T("common.all"), **labels.units}, "acc_unit", container=col_unit)
inactive = col_inactive.checkbox(ui.T("accounts.include_inactive"), key="acc_inactive")
page = st.number_input(ui.T("common.page"), min_value=1, step=1, key="acc_page")

found = ui.read(admin_accounts_view.accounts, lang=lang, text=text, unit_id=unit_filter, include_inactive=inactive,
                limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
if found.rows.empty:
    st.info(ui.T("accounts.empty"))
else:
    ui.table(found.rows, column_order=admin_accounts_view.COLUMNS, column_config=found.headers)


def keep_password(username_of, password_of):
    """After creating or resetting: keep (username, temporary password) to show once after the rerun."""
    def keep(value: object) -> None:
        st.session_state["reset_password_shown"] = (username_of(value), password_of(value))
    return keep


add_tab, edit_tab = st.tabs([ui.T("accounts.add"), ui.T("accounts.edit")])

with add_tab, st.form("account_add"):
    username = st.text_input(ui.T("field.username"), key="acc_add_username")
    full_name = st.text_input(ui.T("field.full_name"), key="acc_add_full_name")
    email = st.text_input(ui.T("field.email"), key="acc_add_email")
    unit_id = ui.pick("field.unit", labels.units, "acc_add_unit")
    position = st.text_input(ui.T("field.position"), key="acc_add_position")
    roles = ui.multiselect(ui.T("field.roles"), list(labels.roles), default=["staff"], format_func=labels.roles.get,
                           select_all=False, key="acc_add_roles")
    if st.form_submit_button(ui.T("accounts.add"), type="primary"):
        temporary = users.generate_temporary_password()
        ui.act(users.create_user, username=username, full_name=full_name, email=email, unit_id=unit_id,
               position=position, password=temporary, must_change_password=True,
               roles=[(r, None if r in ("admin", "leader") else unit_id) for r in roles],
               after=keep_password(lambda user: user.username, lambda _: temporary), rerun=True)

with edit_tab:
    if not found.people:
        st.info(ui.T("accounts.empty"))
    else:
        target = ui.pick("accounts.pick", {i: p.label for i, p in found.people.items()}, "acc_edit_pick")
        person = found.people[target]
        st.write(ui.T("accounts.current_roles"))
        edited = st.data_editor(
            [asdict(row) for row in ui.read(admin_accounts_view.roles, user_id=int(target), lang=lang)],
            num_rows="dynamic", key=f"roles_{target}", width="stretch",
            column_config={
                "role": st.column_config.SelectboxColumn(ui.T("field.roles"), options=list(labels.roles.values()),
                                                         required=True),
                "scope": st.column_config.SelectboxColumn(ui.T("accounts.scope"),
                                                          options=list(labels.scopes.values()), required=True),
            })
        by_label = {label: uid for uid, label in labels.scopes.items()}
        c1, c2, c3 = st.columns(3)
        if c1.button(ui.T("accounts.save_roles"), type="primary"):
            role_of = {label: code for code, label in labels.roles.items()}
            wanted = [(role_of[row["role"]], by_label.get(row["scope"])) for row in edited if row.get("role")]
            ui.act(users.set_roles, user_id=int(target), roles=wanted, success=ui.T("accounts.saved"), rerun=True)
        toggle = ui.T("accounts.deactivate") if person.active else ui.T("accounts.activate")
        if c2.button(toggle):
            ui.act(users.set_active, user_id=int(target), active=not person.active, success=ui.T("accounts.saved"),
                   rerun=True)
        if c3.button(ui.T("accounts.reset_password")):
            ui.act(users.admin_reset_password, user_id=int(target),
                   after=keep_password(lambda _: person.username, lambda password: password), rerun=True)
        st.caption(ui.T("identity.current_masked", masked=ui.plain(person.personal_id)) if person.personal_id
                   else ui.T("identity.none"))
        with st.form(f"acc_pid_{target}"):
            number = st.text_input(ui.T("identity.field"), help=ui.T("identity.help"), key=f"acc_pid_{target}_value")
            if st.form_submit_button(ui.T("identity.save")):
                ui.act(identity.set_personal_id, user_id=int(target), personal_id=number,
                       success=ui.T("identity.saved"), rerun=True)
