"""Award lists: build a list from recognised authors and units, submit, approve, lock and export."""
import streamlit as st

import ui
from ideas.core import clock
from ideas.rewards import awards, exports
from ideas.rewards.awards import screen

user = ui.require_user()
ui.page_header("rewards.lists.title", "rewards.lists.help")
lang = ui.lang()


def act(service, success_key: str, **kwargs) -> None:  # noqa: ANN001
    """One service call as the signed-in user; its warnings (user text inside) are flashed as plain text."""
    outcome = ui.act(service, success=ui.T(success_key), **kwargs)
    if outcome:
        for warning in screen.warnings(outcome.value, lang):
            ui.flash(ui.plain(warning), "warning")
        if isinstance(outcome.value, list):  # a bulk add: what happened to each author, shown after the rerun
            st.session_state["rl_bulk_report"] = screen.bulk_report(outcome.value, lang)
        st.rerun()


def grid(frame, spec: dict) -> None:  # noqa: ANN001
    st.dataframe(frame.drop(columns="id"), hide_index=True, width="stretch", column_config={
        name: st.column_config.TextColumn(ui.T(key), pinned=pinned) for name, (key, pinned) in spec.items()})


def pick(label_key: str, options: dict, key: str, **kwargs):  # noqa: ANN201
    return st.selectbox(ui.T(label_key), list(options), format_func=options.get, key=key,
                        placeholder=ui.T("core.choose_option"), **kwargs)


def pick_form(forms: dict, key: str, label: str = "rewards.col.form") -> str:
    return pick(label, forms, key, index=screen.form_index(forms))


def on_list(service, success_key: str, **kwargs) -> None:  # noqa: ANN001
    """A change of the chosen list, refused if someone else changed it since this page read it."""
    act(service, success_key, list_id=list_id, expected_version=version, **kwargs)


def add_button(key: str, service, **kwargs) -> None:  # noqa: ANN001
    """The inputs are the keyword arguments: they are drawn, in order, before the button."""
    if st.button(ui.T("rewards.lists.add"), key=key, type="primary"):
        on_list(service, "rewards.lists.added", **kwargs)


def submit(label_key: str, key: str, service, success_key: str, *, primary: bool = True,  # noqa: ANN001
           to_list: bool = True, **kwargs) -> None:
    """A form's submit button; the form's inputs are the keyword arguments, so they are drawn before it."""
    if st.form_submit_button(ui.T(label_key), key=key, type="primary" if primary else "secondary"):
        (on_list if to_list else act)(service, success_key, **kwargs)


this_year = clock.today().year
year_filter = pick("rewards.year", screen.year_options(this_year, lang), "rl_year")
lists = ui.read(screen.overview, year=year_filter, lang=lang)
if lists.can_build:
    with st.expander(ui.T("rewards.lists.new"), expanded=lists.table.empty), st.form("rl_new"):
        submit("rewards.lists.create", "rl_new_submit", awards.create_list, "rewards.lists.created", to_list=False,
               title=st.text_input(ui.T("rewards.lists.col.title"), key="rl_new_title",
                                   placeholder=ui.T("rewards.lists.title_placeholder")),
               year=int(st.number_input(ui.T("rewards.year"), min_value=2000, max_value=2100, step=1,
                                        key="rl_new_year", value=int(year_filter or this_year))),
               unit_id=pick("rewards.lists.col.unit", lists.create_units, "rl_new_unit"),
               agency_name=st.text_input(ui.T("rewards.lists.agency"), key="rl_new_agency") or None,
               signer_title=st.text_input(ui.T("rewards.lists.signer_title"), key="rl_new_signer_title") or None)
if lists.table.empty:
    st.info(ui.T("rewards.lists.empty"))
    st.stop()

grid(lists.table, screen.LIST_COLUMNS)
list_id = pick("rewards.lists.pick", lists.titles, "rl_pick")
view = ui.read(screen.detail, list_id=list_id, lang=lang)
version, header = view.header["version"], view.header

st.subheader(ui.plain(view.title))
st.caption(ui.plain(view.status_line))
if view.frozen:
    st.info(ui.T("rewards.lists.frozen"))
for name, message in st.session_state.pop("rl_bulk_report", []):
    st.text(f"{name}: {message}")
if view.items.empty:
    st.info(ui.T("rewards.lists.no_items"))
else:
    grid(view.items, screen.ITEM_COLUMNS)
    st.metric(ui.T("rewards.col.total"), f"{view.total} đ")

if view.may_build:
    tab_author, tab_person, tab_unit, tab_edit = st.tabs([ui.T(f"rewards.lists.{tab}") for tab in (
        "add_author", "add_person", "add_unit", "edit")])
    forms, cforms = view.individual_forms, view.collective_forms
    with tab_author:
        if view.authors.empty:
            st.info(ui.T("rewards.lists.no_authors", year=int(header["year"])))
        else:
            labels = dict(enumerate(view.authors.label))
            row = pick("rewards.lists.author", labels, "rl_author")
            add_button("rl_author_add", awards.add_individual, **screen.author_of(view.authors, row),
                       form_code=pick_form(forms, "rl_author_form"))
            st.divider()
            st.caption(ui.T("rewards.bulk.help"))
            decision = pick("rewards.bulk.decision", view.decision_options, "rl_bulk_decision")
            shown = screen.authors_of_decision(view.authors, decision)
            chosen = st.multiselect(ui.T("rewards.bulk.authors"), shown, default=shown, format_func=labels.get,
                                    key=f"rl_bulk_authors_{decision}", placeholder=ui.T("core.choose_options"))
            bulk_form = pick_form(forms, "rl_bulk_form", "rewards.bulk.form")
            if st.button(ui.T("rewards.bulk.add"), key="rl_bulk_add", disabled=not chosen):
                on_list(awards.add_authors, "rewards.bulk.done", form_code=bulk_form,
                        authors=screen.author_pairs(view.authors, chosen))
    with tab_person:
        needle = st.text_input(ui.T("rewards.lists.search_person"), key="rl_person_search")
        people = dict(ui.read(awards.people_options, text=needle))
        if people:
            add_button("rl_person_add", awards.add_individual,
                       user_id=int(pick("rewards.col.name", people, "rl_person")),
                       form_code=pick_form(forms, "rl_person_form"),
                       achievement=st.text_area(ui.T("rewards.col.achievement"), key="rl_person_achievement"))
    with tab_unit:
        if view.units and cforms:
            add_button("rl_unit_add", awards.add_collective,
                       unit_id=int(pick("rewards.lists.col.unit", view.units, "rl_unit")),
                       form_code=pick_form(cforms, "rl_unit_form"),
                       achievement=st.text_area(ui.T("rewards.col.achievement"), key="rl_unit_achievement"))
    with tab_edit:
        with st.form("rl_heading"):
            submit("rewards.save", "rl_heading_save", awards.update_list, "rewards.saved", primary=False,
                   title=st.text_input(ui.T("rewards.lists.col.title"), value=header["title"], key="rl_edit_title"),
                   agency_name=st.text_input(ui.T("rewards.lists.agency"), value=header["agency_name"] or "",
                                             key="rl_edit_agency"),
                   decision_date=st.date_input(ui.T("rewards.lists.planned_date"), key="rl_edit_date",
                                               value=header["decision_date"] or view.today, format="DD/MM/YYYY"))
        if view.item_labels:
            item_id = pick("rewards.lists.item", view.item_labels, "rl_item")
            item_text = st.text_area(ui.T("rewards.col.achievement"), value=view.item_texts[item_id],
                                     key=f"rl_item_text_{item_id}")
            left, right = st.columns(2)
            if left.button(ui.T("rewards.save"), key="rl_item_save"):
                act(awards.update_item, "rewards.saved", item_id=item_id, achievement=item_text,
                    expected_version=version)
            if right.button(ui.T("rewards.lists.remove"), key="rl_item_remove"):
                act(awards.remove_item, "rewards.saved", item_id=item_id, expected_version=version)
    if st.button(ui.T("rewards.lists.submit"), key="rl_submit", disabled=view.items.empty):
        on_list(awards.submit_list, "rewards.lists.submitted")

if view.may_approve and view.status == "submitted":
    with st.form("rl_approve"):
        st.write(ui.T("rewards.lists.approve_help"))
        submit("rewards.lists.approve", "rl_approve_submit", awards.approve_list, "rewards.lists.approved",
               decision_no=st.text_input(ui.T("rewards.col.decision_no"), value=header["decision_no"] or "",
                                         key="rl_decision_no", placeholder="125/QĐ-UBND"),
               decision_date=st.date_input(ui.T("rewards.col.decision_date"), key="rl_decision_date",
                                           value=header["decision_date"] or view.today, format="DD/MM/YYYY"),
               signer=st.text_input(ui.T("rewards.lists.signer"), value=header["signer"] or "", key="rl_signer"),
               signer_title=st.text_input(ui.T("rewards.lists.signer_title"), value=header["signer_title"] or "",
                                          key="rl_signer_title"))
    if st.button(ui.T("rewards.lists.return"), key="rl_return"):
        on_list(awards.return_list, "rewards.saved")
if view.may_approve and view.status == "approved" and st.button(ui.T("rewards.lists.lock"), key="rl_lock"):
    on_list(awards.lock_list, "rewards.lists.locked")
if view.frozen and header["rule_snapshot"]:
    with st.expander(ui.T("rewards.lists.snapshot")):
        st.json(header["rule_snapshot"])

st.divider()
st.subheader(ui.T("rewards.lists.exports"))
if st.toggle(ui.T("rewards.lists.prepare_exports"), key="rl_exports"):
    doc = ui.read(exports.load_document, list_id=list_id)
    for column, fmt in zip(st.columns(3), ("xlsx", "docx", "csv"), strict=True):
        column.download_button(ui.T(f"rewards.lists.download_{fmt}"), data=exports.EXPORTERS[fmt](doc),
                               file_name=exports.filename(doc, fmt), mime=exports.MIME[fmt], key=f"rl_dl_{fmt}")
