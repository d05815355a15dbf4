"""Award lists: build a list from recognised authors and units, submit, approve, lock and export."""
import streamlit as st

import ui
from ideas.core import clock
from ideas.rewards import awards, exports
from ideas.rewards.awards import screen

user = ui.require_user()
ui.page_header("rewards.lists.title", "rewards.lists.help")
lang = ui.lang()
this_year = clock.today().year
choose = ui.T("core.choose_option")


def act(service, success_key: str, **kwargs) -> None:  # noqa: ANN001
    """One service call as the signed-in user; its warnings (user text inside) are flashed as plain text."""
    outcome = ui.act(service, success=ui.T(success_key), **kwargs)
    if outcome:
        for key, params in getattr(outcome.value, "warnings", None) or []:
            ui.flash(ui.plain(ui.T(key, **params)), "warning")
        if isinstance(outcome.value, list):  # a bulk add: what happened to each author, shown after the rerun
            st.session_state["rl_bulk_report"] = [(line.name, ui.T(line.message[0], **line.message[1]))
                                                  for line in outcome.value]
        st.rerun()


def columns(spec: dict) -> dict:
    return {name: st.column_config.TextColumn(ui.T(key), pinned=pinned) for name, (key, pinned) in spec.items()}


def pick_form(forms: dict, key: str, label: str = "rewards.col.form") -> str:
    return st.selectbox(ui.T(label), list(forms), format_func=forms.get, key=key, index=screen.form_index(forms),
                        placeholder=ui.T("core.choose_option"))


def on_list(service, success_key: str, **kwargs) -> None:  # noqa: ANN001
    """A change of the chosen list, refused if someone else changed it since this page read it."""
    act(service, success_key, list_id=list_id, expected_version=version, **kwargs)


def add_button(key: str, service, **kwargs) -> None:  # noqa: ANN001
    if st.button(ui.T("rewards.lists.add"), key=key, type="primary"):
        on_list(service, "rewards.lists.added", **kwargs)


year_filter = st.selectbox(ui.T("rewards.year"), [None, *range(this_year + 1, this_year - 8, -1)], key="rl_year",
                           format_func=lambda y: ui.T("rewards.all_years") if y is None else str(y),
                           placeholder=ui.T("core.choose_option"))
lists = ui.read(screen.overview, year=year_filter, lang=lang)
if lists.can_build:
    with st.expander(ui.T("rewards.lists.new"), expanded=lists.table.empty), st.form("rl_new"):
        title = st.text_input(ui.T("rewards.lists.col.title"), key="rl_new_title",
                              placeholder=ui.T("rewards.lists.title_placeholder"))
        year = st.number_input(ui.T("rewards.year"), min_value=2000, max_value=2100, step=1, key="rl_new_year",
                               value=int(year_filter or this_year))
        unit_id = st.selectbox(ui.T("rewards.lists.col.unit"), list(lists.create_units), key="rl_new_unit",
                               format_func=lists.create_units.get, placeholder=choose)
        agency = st.text_input(ui.T("rewards.lists.agency"), key="rl_new_agency")
        signer_title = st.text_input(ui.T("rewards.lists.signer_title"), key="rl_new_signer_title")
        if st.form_submit_button(ui.T("rewards.lists.create"), type="primary", key="rl_new_submit"):
            act(awards.create_list, "rewards.lists.created", title=title, year=int(year), unit_id=unit_id,
                agency_name=agency or None, signer_title=signer_title or None)
if lists.table.empty:
    st.info(ui.T("rewards.lists.empty"))
    st.stop()

st.dataframe(lists.table.drop(columns="id"), hide_index=True, width="stretch",
             column_config=columns(screen.LIST_COLUMNS))
list_id = st.selectbox(ui.T("rewards.lists.pick"), list(lists.titles), format_func=lists.titles.get, key="rl_pick",
                       placeholder=ui.T("core.choose_option"))
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
    st.dataframe(view.items.drop(columns="id"), hide_index=True, width="stretch",
                 column_config=columns(screen.ITEM_COLUMNS))
    st.metric(ui.T("rewards.col.total"), f"{view.total} đ")

if view.may_build:
    tab_author, tab_person, tab_unit, tab_edit = st.tabs([
        ui.T("rewards.lists.add_author"), ui.T("rewards.lists.add_person"), ui.T("rewards.lists.add_unit"),
        ui.T("rewards.lists.edit")])
    forms, cforms = view.individual_forms, view.collective_forms
    with tab_author:
        if view.authors.empty:
            st.info(ui.T("rewards.lists.no_authors", year=int(header["year"])))
        else:
            labels = dict(enumerate(view.authors.label))
            pick = st.selectbox(ui.T("rewards.lists.author"), list(labels), format_func=labels.get, key="rl_author",
                                placeholder=ui.T("core.choose_option"))
            form_code = pick_form(forms, "rl_author_form")
            row = view.authors.iloc[pick]
            add_button("rl_author_add", awards.add_individual, user_id=int(row.user_id), idea_id=int(row.idea_id),
                       form_code=form_code)
            st.divider()
            st.caption(ui.T("rewards.bulk.help"))
            decision = st.selectbox(ui.T("rewards.bulk.decision"), [None, *view.decisions], key="rl_bulk_decision",
                                    format_func=lambda i: ui.T("rewards.bulk.all_decisions") if i is None
                                    else view.decisions[i], placeholder=ui.T("core.choose_option"))
            shown = view.authors if decision is None else view.authors[view.authors.idea_id == decision]
            chosen = st.multiselect(ui.T("rewards.bulk.authors"), list(shown.index), default=list(shown.index),
                                    format_func=labels.get, key=f"rl_bulk_authors_{decision}",
                                    placeholder=ui.T("core.choose_options"))
            bulk_form = pick_form(forms, "rl_bulk_form", "rewards.bulk.form")
            if st.button(ui.T("rewards.bulk.add"), key="rl_bulk_add", disabled=not chosen):
                on_list(awards.add_authors, "rewards.bulk.done", form_code=bulk_form,
                        authors=[(int(view.authors.user_id[i]), int(view.authors.idea_id[i])) for i in chosen])
    with tab_person:
        needle = st.text_input(ui.T("rewards.lists.search_person"), key="rl_person_search")
        people = dict(ui.read(awards.people_options, text=needle))
        if people:
            person = st.selectbox(ui.T("rewards.col.name"), list(people), format_func=people.get, key="rl_person",
                                  placeholder=ui.T("core.choose_option"))
            person_form = pick_form(forms, "rl_person_form")
            person_text = st.text_area(ui.T("rewards.col.achievement"), key="rl_person_achievement")
            add_button("rl_person_add", awards.add_individual, user_id=int(person), form_code=person_form,
                       achievement=person_text)
    with tab_unit:
        if view.units and cforms:
            unit_pick = st.selectbox(ui.T("rewards.lists.col.unit"), list(view.units), format_func=view.units.get,
                                     key="rl_unit", placeholder=ui.T("core.choose_option"))
            unit_form = pick_form(cforms, "rl_unit_form")
            unit_text = st.text_area(ui.T("rewards.col.achievement"), key="rl_unit_achievement")
            add_button("rl_unit_add", awards.add_collective, unit_id=int(unit_pick), form_code=unit_form,
                       achievement=unit_text)
    with tab_edit:
        with st.form("rl_heading"):
            new_title = st.text_input(ui.T("rewards.lists.col.title"), value=header["title"], key="rl_edit_title")
            new_agency = st.text_input(ui.T("rewards.lists.agency"), value=header["agency_name"] or "",
                                       key="rl_edit_agency")
            planned = st.date_input(ui.T("rewards.lists.planned_date"), value=header["decision_date"] or view.today,
                                    key="rl_edit_date", format="DD/MM/YYYY")
            if st.form_submit_button(ui.T("rewards.save"), key="rl_heading_save"):
                on_list(awards.update_list, "rewards.saved", title=new_title, agency_name=new_agency,
                        decision_date=planned)
        if view.item_labels:
            item_id = st.selectbox(ui.T("rewards.lists.item"), list(view.item_labels), key="rl_item",
                                   format_func=view.item_labels.get, placeholder=ui.T("core.choose_option"))
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
        decision_no = st.text_input(ui.T("rewards.col.decision_no"), value=header["decision_no"] or "",
                                    key="rl_decision_no", placeholder="125/QĐ-UBND")
        decision_date = st.date_input(ui.T("rewards.col.decision_date"), value=header["decision_date"] or view.today,
                                      key="rl_decision_date", format="DD/MM/YYYY")
        signer = st.text_input(ui.T("rewards.lists.signer"), value=header["signer"] or "", key="rl_signer")
        signer_title = st.text_input(ui.T("rewards.lists.signer_title"), value=header["signer_title"] or "",
                                     key="rl_signer_title")
        if st.form_submit_button(ui.T("rewards.lists.approve"), type="primary", key="rl_approve_submit"):
            on_list(awards.approve_list, "rewards.lists.approved", decision_no=decision_no,
                    decision_date=decision_date, signer=signer, signer_title=signer_title)
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
