"""Admin: the unit tree; add, edit, move, deactivate units and set their headcount; record reorganisations."""

import streamlit as st

import ui
from ideas.accounts import admin_units_view, import_files, reorganisation, units
from ideas.core import settings
from ideas.core.errors import DomainError

ui.require_user()
ui.page_header("units.title", "units.help")
view = ui.read(admin_units_view.admin_units_view, lang=ui.lang())

if view.rows.empty:
    st.info(ui.T("units.empty"))
else:
    ui.table(view.rows, column_config={
        **view.headers, "active": st.column_config.CheckboxColumn(view.headers["active"])})  # markup-checked: T()

add_tab, edit_tab, history_tab = st.tabs([ui.T("units.add"), ui.T("units.edit"), ui.T("history.tab")])
kinds = list(view.kinds)

with add_tab, st.form("unit_add"):
    code = st.text_input(ui.T("units.col.code"), key="unit_add_code")
    name = st.text_input(ui.T("units.col.name"), key="unit_add_name")
    kind = ui.pick("units.col.kind", view.kinds, "unit_add_kind", index=1)
    parent = ui.pick("units.col.parent", {None: ui.T("units.no_parent"), **view.labels}, "unit_add_parent")
    headcount = st.number_input(ui.T("units.col.headcount"), step=1, key="unit_add_headcount")
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
            new_headcount = st.number_input(ui.T("units.col.headcount"), step=1, value=current.headcount)
            active = st.checkbox(ui.T("units.col.active"), value=current.active)
            if st.form_submit_button(ui.T("units.save"), type="primary"):
                ui.act(units.save_unit, unit_id=unit_id, name=new_name, kind=new_kind, headcount=int(new_headcount),
                       parent_id=new_parent, active=active, success=ui.T("units.saved"), rerun=True)


def show_preview(preview: admin_units_view.ReorganisationPreview) -> bool:
    """Show what the event or mapping will do (or why not); True when it may be confirmed."""
    if preview.errors is not None:
        st.error(preview.summary)  # markup-checked: the view's text is translations and numbers
        ui.table(preview.errors, column_config=preview.headers)
        return False
    st.write(preview.summary)  # markup-checked: the view's text is translations and numbers
    ui.table(preview.events, column_config=preview.headers)
    ui.table(preview.new_units, column_config=preview.headers, hide_empty=True)
    ui.table(preview.endings, column_config=preview.headers)
    return preview.ok


def recorded(applied: reorganisation.Applied) -> None:
    ui.flash(ui.T("history.done", events=ui.num(applied.events), ended=ui.num(applied.ended),
                  staff=ui.num(applied.staff_moved)))
    st.session_state.pop("history_event", None)
    st.session_state["history_generation"] = st.session_state.get("history_generation", 0) + 1


with history_tab:
    history = ui.read(admin_units_view.history_view, lang=ui.lang())
    st.caption(ui.T("history.help"))
    ui.table(history.events, column_config=history.headers, empty_key="history.none")
    generation = st.session_state.setdefault("history_generation", 0)
    one_tab, file_tab = st.tabs([ui.T("history.one_event"), ui.T("history.mapping")])
    with one_tab:
        with st.form(f"history_event_form_{generation}"):
            kind = ui.pick("history.field.kind", history.kinds, f"history_kind_{generation}")
            olds = ui.multiselect(ui.T("history.field.old_code"), list(history.codes),
                                  format_func=history.codes.get, key=f"history_olds_{generation}")
            news = st.text_input(ui.T("history.field.new_code"), help=ui.T("history.new_codes_help"),
                                 key=f"history_news_{generation}")
            new_name = st.text_input(ui.T("history.field.new_name"), key=f"history_new_name_{generation}")
            new_parent = st.text_input(ui.T("history.field.new_parent_code"), key=f"history_parent_{generation}")
            effective_on = st.date_input(ui.T("history.field.effective_on"), value=None, **settings.DATE_INPUT,
                                         key=f"history_date_{generation}")
            legal_basis = st.text_input(ui.T("history.field.legal_basis"), key=f"history_basis_{generation}")
            if st.form_submit_button(ui.T("history.preview"), icon=":material/visibility:"):
                st.session_state["history_event"] = {
                    "kind": kind, "old_codes": list(olds), "new_codes": [c for c in news.replace(";", ",").split(",")],
                    "effective_on": effective_on, "legal_basis": legal_basis, "new_name": new_name,
                    "new_parent_code": new_parent}
        event = st.session_state.get("history_event")
        if event:
            try:
                preview = ui.read(admin_units_view.reorganisation_preview, event=event, lang=ui.lang())
            except DomainError as error:
                ui.show_error(error)
            else:
                if show_preview(preview) and st.button(ui.T("history.confirm"), type="primary",
                                                       key="history_confirm_event", icon=":material/save:"):
                    ui.act(reorganisation.apply_event, **event, after=recorded, rerun=True)
    with file_tab:
        st.caption(ui.T("history.mapping_help"))
        st.download_button(ui.T("history.template"), reorganisation.template_csv(), "mau-sap-xep-don-vi.csv",
                           mime="text/csv", icon=":material/download:", key="history_template")
        upload = st.file_uploader(ui.T("history.mapping_file"), type=list(import_files.FILE_TYPES),
                                  max_upload_size=settings.UPLOAD_LIMIT_MB, key=f"history_file_{generation}")
        if upload is not None:
            data, filename = upload.getvalue(), upload.name
            try:
                preview = ui.read(admin_units_view.reorganisation_preview, data=data, filename=filename,
                                  lang=ui.lang())
            except DomainError as error:
                ui.show_error(error)
            else:
                if show_preview(preview) and st.button(ui.T("history.confirm"), type="primary",
                                                       key="history_confirm_file", icon=":material/save:"):
                    ui.act(reorganisation.apply_mapping, data=data, filename=filename, after=recorded, rerun=True)
