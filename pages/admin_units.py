"""Admin: the unit tree; add, edit, move, deactivate units and set their headcount."""
import streamlit as st

import ui
from ideas.accounts import units
from ideas.core.i18n import fmt_number

ui.require_user()
ui.page_header("units.title", "units.help")
view = ui.read(units.units_page)
table, options = view.table, view.options

if table.empty:
    st.info(ui.T("units.empty"))
else:
    shown = table.assign(name=["\u2003" * int(level) + name
                               for level, name in zip(table.level, table.name, strict=True)],
                         kind=[ui.T(f"unit_kind.{k}") if k in units.UNIT_KINDS else k for k in table.kind],
                         parent_name=table.parent_name.fillna(""),
                         headcount=[fmt_number(n, ui.lang()) for n in table.headcount],
                         accounts=[fmt_number(n, ui.lang()) for n in table.accounts])
    st.dataframe(
        shown[["name", "code", "kind", "parent_name", "headcount", "accounts", "active"]],
        hide_index=True, width="stretch",
        column_config={
            "code": ui.T("units.col.code"), "name": ui.T("units.col.name"), "kind": ui.T("units.col.kind"),
            "parent_name": ui.T("units.col.parent"), "headcount": ui.T("units.col.headcount"),
            "accounts": ui.T("units.col.accounts"),
            "active": st.column_config.CheckboxColumn(ui.T("units.col.active")),
        },
    )

labels = dict(options)
kinds = list(units.UNIT_KINDS)
add_tab, edit_tab = st.tabs([ui.T("units.add"), ui.T("units.edit")])

with add_tab, st.form("unit_add"):
    code = st.text_input(ui.T("units.col.code"), key="unit_add_code")
    name = st.text_input(ui.T("units.col.name"), key="unit_add_name")
    kind = st.selectbox(ui.T("units.col.kind"), kinds, format_func=lambda k: ui.T(f"unit_kind.{k}"),
                        key="unit_add_kind", index=1, placeholder=ui.T("core.choose_option"))
    parent = st.selectbox(ui.T("units.col.parent"), [None] + list(labels), key="unit_add_parent",
                          format_func=lambda i: ui.T("units.no_parent") if i is None else labels[i],
                              placeholder=ui.T("core.choose_option"))
    headcount = st.number_input(ui.T("units.col.headcount"), min_value=0, step=1, key="unit_add_headcount")
    if st.form_submit_button(ui.T("units.add"), type="primary"):
        if ui.act(units.create_unit, code=code, name=name, kind=kind, parent_id=parent, headcount=int(headcount),
                  success=ui.T("units.saved")):
            st.rerun()

with edit_tab:
    if not labels:
        st.info(ui.T("units.empty"))
    else:
        unit_id = st.selectbox(ui.T("units.pick"), list(labels), format_func=labels.get, key="unit_edit_pick",
                               placeholder=ui.T("core.choose_option"))
        row = table[table.id == unit_id].iloc[0]
        with st.form("unit_edit"):
            new_name = st.text_input(ui.T("units.col.name"), value=row["name"])
            new_kind = st.selectbox(ui.T("units.col.kind"), kinds, index=kinds.index(row["kind"]),
                                    format_func=lambda k: ui.T(f"unit_kind.{k}"),
                                        placeholder=ui.T("core.choose_option"))
            parent_choices = [None] + [i for i in labels if i != unit_id]
            current_parent = table[table.code == row["parent_code"]].id
            parent_index = parent_choices.index(int(current_parent.iloc[0])) if len(current_parent) else 0
            new_parent = st.selectbox(ui.T("units.col.parent"), parent_choices, index=parent_index,
                                      format_func=lambda i: ui.T("units.no_parent") if i is None else labels[i],
                                          placeholder=ui.T("core.choose_option"))
            new_headcount = st.number_input(ui.T("units.col.headcount"), min_value=0, step=1,
                                            value=int(row["headcount"]))
            active = st.checkbox(ui.T("units.col.active"), value=bool(row["active"]))
            if st.form_submit_button(ui.T("units.save"), type="primary"):
                if ui.act(units.save_unit, unit_id=unit_id, name=new_name, kind=new_kind,
                          headcount=int(new_headcount), parent_id=new_parent, active=active,
                          success=ui.T("units.saved")):
                    st.rerun()
