"""Admin: the unit tree; add, edit, move, deactivate units and set their headcount."""
import streamlit as st

import ui
from ideas.accounts import admin_units_view, units

ui.require_user()
ui.page_header("units.title", "units.help")
view = ui.read(admin_units_view.admin_units_view, lang=ui.lang())

if view.rows.empty:
    st.info(ui.T("units.empty"))
else:
    ui.table(view.rows, column_config={
        **view.headers, "active": st.column_config.CheckboxColumn(view.headers["active"])})  # markup-checked: T()

add_tab, edit_tab = st.tabs([ui.T("units.add"), ui.T("units.edit")])
kinds = list(view.kinds)

with add_tab, st.form("unit_add"):
    code = st.text_input(ui.T("units.col.code"), key="unit_add_code")
    name = st.text_input(ui.T("units.col.name"), key="unit_add_name")
    kind = ui.pick("units.col.kind", view.kinds, "unit_add_kind", index=1)
    parent = ui.pick("units.col.parent", {None: ui.T("units.no_parent"), **view.labels}, "unit_add_parent")
    headcount = st.number_input(ui.T("units.col.headcount"), min_value=0, step=1, key="unit_add_headcount")
    if st.form_submit_button(ui.T("units.add"), type="primary"):
        ui.act(units.create_unit, code=code, name=name, kind=kind, parent_id=parent, headcount=int(headcount),
               success=ui.T("units.saved"), rerun=True)

with edit_tab:
    if not view.labels:
        st.info(ui.T("units.empty"))
    else:
        unit_id = ui.pick("units.pick", view.labels, "unit_edit_pick")
        current = view.units[unit_id]
        with st.form("unit_edit"):
            new_name = st.text_input(ui.T("units.col.name"), value=current.name)
            new_kind = ui.pick("units.col.kind", view.kinds, None, index=kinds.index(current.kind))
            parents = {None: ui.T("units.no_parent"), **{i: label for i, label in view.labels.items() if i != unit_id}}
            new_parent = ui.pick("units.col.parent", parents, None, index=list(parents).index(current.parent_id))
            new_headcount = st.number_input(ui.T("units.col.headcount"), min_value=0, step=1, value=current.headcount)
            active = st.checkbox(ui.T("units.col.active"), value=current.active)
            if st.form_submit_button(ui.T("units.save"), type="primary"):
                ui.act(units.save_unit, unit_id=unit_id, name=new_name, kind=new_kind, headcount=int(new_headcount),
                       parent_id=new_parent, active=active, success=ui.T("units.saved"), rerun=True)
