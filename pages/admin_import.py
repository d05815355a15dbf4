"""Admin: import units or staff from CSV/XLSX: preview every row, then write all or nothing."""
import streamlit as st

import ui
from ideas.accounts import admin_import_view, import_files, imports
from ideas.core import settings
from ideas.core.errors import DomainError


def imported(result: imports.ImportResult) -> None:
    """Say what was written, keep new staff's passwords to show once, empty the uploader (a new key)."""
    ui.flash(ui.T("import.done", new=ui.num(result.created), updated=ui.num(result.updated),
                  unchanged=ui.num(result.unchanged)))
    if result.passwords:
        st.session_state["import_passwords"] = result.passwords
    st.session_state["import_generation"] = st.session_state.get("import_generation", 0) + 1


ui.require_user()
ui.page_header("import.title", "import.help")
lang = ui.lang()

passwords = st.session_state.get("import_passwords")
if passwords:
    st.warning(ui.T("import.passwords_once", count=len(passwords)))
    ui.table(admin_import_view.passwords_table(passwords, lang))
    st.download_button(ui.T("import.download_passwords"), imports.passwords_csv(passwords, ui.lang()),
                       "mat-khau-tam.csv", mime="text/csv", key="import_download_passwords")
    if st.button(ui.T("import.passwords_done"), key="import_passwords_done", type="primary"):
        st.session_state.pop("import_passwords")
        st.rerun()
    st.stop()

kinds = admin_import_view.kinds(lang)
kind = st.radio(ui.T("import.kind"), list(kinds), format_func=kinds.get, horizontal=True, key="import_kind")
st.caption(ui.T(f"import.template_help.{kind}"))
if kind == "staff":
    with st.expander(ui.T("import.roles_help")):
        roles, headers = admin_import_view.role_codes(lang)
        ui.table(roles, column_config=headers)
st.download_button(ui.T("import.template"), imports.template_csv(kind), f"mau-{kind}.csv", mime="text/csv",
                   icon=":material/download:", key=f"import_template_{kind}")

# A new key after each successful import empties the uploader.
generation = st.session_state.setdefault("import_generation", 0)
upload = st.file_uploader(  # markup-checked: T() with a number
    ui.T("import.file", limit_mb=settings.UPLOAD_LIMIT_MB), type=list(import_files.FILE_TYPES),
    help=ui.T("import.file_help"), max_upload_size=settings.UPLOAD_LIMIT_MB, key=f"import_file_{kind}_{generation}")
if upload is None:
    st.info(ui.T("import.empty"))
    st.stop()

data, filename = upload.getvalue(), upload.name
# The preview only reads: a read session keeps SQLite writers free while a large file is checked.
try:
    with st.spinner(ui.T("import.checking")):
        preview = ui.read(admin_import_view.import_preview, kind=kind, data=data, filename=filename, lang=lang)
except DomainError as error:
    ui.show_error(error)
    st.stop()

st.write(preview.summary)  # markup-checked: the view's text is translations and numbers
if preview.errors is not None:
    st.error(preview.errors_title)  # markup-checked: the view's text is translations and numbers
    ui.table(preview.errors, column_config=preview.headers)
    st.stop()

ui.table(preview.rows, column_config=preview.headers)

if not preview.changes:
    st.info(ui.T("import.nothing_to_do"))
    st.stop()

if st.button(ui.T("import.commit"), type="primary", key="import_commit", icon=":material/save:"):
    with st.spinner(ui.T("import.writing")):
        ui.act(imports.commit_import, kind=kind, data=data, filename=filename, after=imported, rerun=True)
