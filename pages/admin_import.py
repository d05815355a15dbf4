"""Admin: import units or staff from CSV/XLSX: preview every row, then write all or nothing."""
import pandas as pd
import streamlit as st

import ui
from ideas.accounts import import_rows, imports
from ideas.core.errors import DomainError
from ideas.core.permissions import ROLES

ui.require_user()
ui.page_header("import.title", "import.help")

passwords = st.session_state.get("import_passwords")
if passwords:
    st.warning(ui.T("import.passwords_once", count=len(passwords)))
    st.dataframe(pd.DataFrame(passwords).rename(columns={
        "username": ui.T("import.col.username"), "full_name": ui.T("import.col.full_name"),
        "password": ui.T("import.col.password")}), hide_index=True, width="stretch")
    st.download_button(ui.T("import.download_passwords"), imports.passwords_csv(passwords),
                       "mat-khau-tam.csv", mime="text/csv", key="import_download_passwords")
    if st.button(ui.T("import.passwords_done"), key="import_passwords_done", type="primary"):
        st.session_state.pop("import_passwords")
        st.rerun()
    st.stop()

kind = st.radio(ui.T("import.kind"), imports.KINDS, format_func=lambda k: ui.T(f"import.kind.{k}"),
                horizontal=True, key="import_kind")
st.caption(ui.T(f"import.template_help.{kind}"))
if kind == "staff":
    with st.expander(ui.T("import.roles_help")):
        st.dataframe([{"code": role, "name": ui.T(f"role.{role}")} for role in ROLES], hide_index=True,
                     column_config={"code": ui.T("import.role_code"), "name": ui.T("import.role_name")})
st.download_button(ui.T("import.template"), imports.template_csv(kind), f"mau-{kind}.csv", mime="text/csv",
                   icon=":material/download:", key=f"import_template_{kind}")

# A new key after each successful import empties the uploader.
generation = st.session_state.setdefault("import_generation", 0)
upload = st.file_uploader(ui.T("import.file"), type=["csv", "xlsx"], help=ui.T("import.file_help"),
                          key=f"import_file_{kind}_{generation}")
if upload is None:
    st.info(ui.T("import.empty"))
    st.stop()

data, filename = upload.getvalue(), upload.name
# The preview only reads: a read session keeps SQLite writers free while a large file is checked.
try:
    with st.spinner(ui.T("import.checking")):
        preview = ui.read(imports.preview_import, kind=kind, data=data, filename=filename)
except DomainError as error:
    ui.show_error(error)
    st.stop()

st.write(ui.T("import.summary", total=ui.num(len(preview.rows)), new=ui.num(preview.new),
              updated=ui.num(preview.updated), unchanged=ui.num(preview.unchanged)))
if preview.errors:
    st.error(ui.T("import.errors_title", count=ui.num(preview.bad_rows), errors=ui.num(len(preview.errors))))
    errors = pd.DataFrame(imports.error_rows(preview.errors, kind, ui.lang()))
    st.dataframe(errors, hide_index=True, width="stretch", column_config={
        "row": ui.T("import.col.row"), "column": ui.T("import.col.column"), "reason": ui.T("import.col.reason")})
    st.stop()

fields = list(import_rows.UNIT_FIELDS if kind == "units" else import_rows.STAFF_FIELDS)
table = pd.DataFrame([{**{f: (", ".join(r[f]) if isinstance(r[f], list) else r[f]) for f in fields},
                       "_status": ui.T(f"import.status.{r['_status']}"), "_row": r["_row"]}
                      for r in preview.rows])
st.dataframe(table[["_row", "_status", *fields]], hide_index=True, width="stretch",
             column_config={"_row": ui.T("import.col.row"), "_status": ui.T("import.col.status"),
                            **{f: ui.T(f"import.col.{f}") for f in fields}})

if preview.new == 0 and preview.updated == 0:
    st.info(ui.T("import.nothing_to_do"))
    st.stop()

if st.button(ui.T("import.commit"), type="primary", key="import_commit", icon=":material/save:"):
    with st.spinner(ui.T("import.writing")):
        outcome = ui.act(imports.commit_import, kind=kind, data=data, filename=filename)
    if outcome:
        result = outcome.value
        ui.flash(ui.T("import.done", new=ui.num(result.created), updated=ui.num(result.updated),
                     unchanged=ui.num(result.unchanged)))
        if result.passwords:
            st.session_state["import_passwords"] = result.passwords
        st.session_state["import_generation"] = generation + 1
        st.rerun()
