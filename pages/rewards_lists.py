"""Award lists: build a list from recognised authors and units, submit, approve, lock and export."""
import streamlit as st

import ui
from ideas.core import clock, settings
from ideas.rewards import awards, issuing
from ideas.rewards import rewards_lists_view as view_of


def after_change(value: object) -> None:
    """A service's warnings (user text inside) are flashed as plain text; a bulk add keeps what happened to each
    author, shown after the rerun."""
    for warning in view_of.warnings(value, ui.lang()):
        ui.flash(ui.plain(warning), "warning")
    if isinstance(value, list):
        st.session_state["rl_bulk_report"] = view_of.bulk_report(value, ui.lang())


def grid(frame, spec: dict, name: str, phone: dict[str, int]) -> None:
    ui.table(frame.drop(columns="id"), key=name, phone=phone, column_config={
        column: st.column_config.TextColumn(ui.T(label), pinned=pinned) for column, (label, pinned) in spec.items()})


def pick_form(forms: dict, key: str, label: str = "rewards.col.form") -> str:
    return ui.pick(label, forms, key, index=view_of.form_index(forms))


def new_list_form(lists: view_of.Overview, year_filter: int | None, this_year: int) -> None:
    with st.expander(ui.T("rewards.lists.new"), expanded=lists.table.empty), st.form("rl_new"):
        title = st.text_input(ui.T("rewards.lists.col.title"), key="rl_new_title",
                              placeholder=ui.T("rewards.lists.title_placeholder"))
        year = int(st.number_input(ui.T("rewards.year"), step=1, key="rl_new_year",
                                   value=int(year_filter or this_year)))
        unit_id = ui.pick("rewards.lists.col.unit", lists.create_units, "rl_new_unit")
        agency_name = st.text_input(ui.T("rewards.lists.agency"), key="rl_new_agency") or None
        signer_title = st.text_input(ui.T("rewards.lists.signer_title"), key="rl_new_signer_title") or None
        if st.form_submit_button(ui.T("rewards.lists.create"), key="rl_new_submit", type="primary"):
            ui.act(awards.create_list, success=ui.T("rewards.lists.created"), after=after_change, rerun=True,
                   title=title, year=year, unit_id=unit_id, agency_name=agency_name, signer_title=signer_title)


def build_tabs(view: view_of.Detail, on_list: dict) -> None:
    """Adding authors, people and units, and editing the heading and the items of a draft."""
    header, version = view.header, on_list["expected_version"]
    tab_author, tab_person, tab_unit, tab_edit = st.tabs([ui.T(f"rewards.lists.{tab}") for tab in (
        "add_author", "add_person", "add_unit", "edit")])
    forms, cforms = view.individual_forms, view.collective_forms
    with tab_author:
        if view.authors.empty:
            st.info(ui.T("rewards.lists.no_authors", year=int(header["year"])))
        else:
            labels = dict(enumerate(view.authors.label))
            row = ui.pick("rewards.lists.author", labels, "rl_author")
            form_code = pick_form(forms, "rl_author_form")
            if st.button(ui.T("rewards.lists.add"), key="rl_author_add", type="primary"):
                ui.act(awards.add_individual, success=ui.T("rewards.lists.added"), after=after_change, rerun=True,
                       **on_list, **view_of.author_of(view.authors, row), form_code=form_code)
            st.divider()
            st.caption(ui.T("rewards.bulk.help"))
            # the choices are rows of THIS list's authors: keyed by the list, so that another list's choices (other
            # rows, other labels) never reach them, and a label is never missing (None crashed the widget)
            list_id = on_list["list_id"]
            decision = ui.pick("rewards.bulk.decision", view.decision_options, f"rl_bulk_decision_{list_id}")
            shown = view_of.authors_of_decision(view.authors, decision)
            chosen = ui.multiselect(ui.T("rewards.bulk.authors"), shown, default=shown,
                                    format_func=lambda row: labels.get(row, str(row)),
                                    key=f"rl_bulk_authors_{list_id}_{decision}")
            bulk_form = pick_form(forms, "rl_bulk_form", "rewards.bulk.form")
            if st.button(ui.T("rewards.bulk.add"), key="rl_bulk_add", disabled=not chosen):
                ui.act(awards.add_authors, success=ui.T("rewards.bulk.done"), after=after_change, rerun=True, **on_list,
                       form_code=bulk_form, authors=view_of.author_pairs(view.authors, chosen))
    with tab_person:
        needle = st.text_input(ui.T("rewards.lists.search_person"), key="rl_person_search")
        people = ui.read(view_of.people, text=needle)
        if people:
            user_id = int(ui.pick("rewards.col.name", people, "rl_person"))
            form_code = pick_form(forms, "rl_person_form")
            achievement = st.text_area(ui.T("rewards.col.achievement"), key="rl_person_achievement")
            if st.button(ui.T("rewards.lists.add"), key="rl_person_add", type="primary"):
                ui.act(awards.add_individual, success=ui.T("rewards.lists.added"), after=after_change, rerun=True,
                       **on_list, user_id=user_id, form_code=form_code, achievement=achievement)
    with tab_unit:
        if view.units and cforms:
            unit_id = int(ui.pick("rewards.lists.col.unit", view.units, "rl_unit"))
            form_code = pick_form(cforms, "rl_unit_form")
            achievement = st.text_area(ui.T("rewards.col.achievement"), key="rl_unit_achievement")
            if st.button(ui.T("rewards.lists.add"), key="rl_unit_add", type="primary"):
                ui.act(awards.add_collective, success=ui.T("rewards.lists.added"), after=after_change, rerun=True,
                       **on_list, unit_id=unit_id, form_code=form_code, achievement=achievement)
    with tab_edit:
        with st.form("rl_heading"):
            title = st.text_input(ui.T("rewards.lists.col.title"), value=header["title"], key="rl_edit_title")
            agency_name = st.text_input(ui.T("rewards.lists.agency"), value=header["agency_name"] or "",
                                        key="rl_edit_agency")
            decision_date = st.date_input(ui.T("rewards.lists.planned_date"), key="rl_edit_date",
                                          value=header["decision_date"] or view.today, **settings.DATE_INPUT)
            if st.form_submit_button(ui.T("rewards.save"), key="rl_heading_save", type="secondary"):
                ui.act(awards.update_list, success=ui.T("rewards.saved"), after=after_change, rerun=True, **on_list,
                       title=title, agency_name=agency_name, decision_date=decision_date)
        if view.item_labels:
            item_id = ui.pick("rewards.lists.item", view.item_labels, "rl_item")
            item_text = st.text_area(ui.T("rewards.col.achievement"), value=view.item_texts[item_id],
                                     key=f"rl_item_text_{item_id}")
            left, right = st.columns(2)
            if left.button(ui.T("rewards.save"), key="rl_item_save"):
                ui.act(awards.update_item, success=ui.T("rewards.saved"), after=after_change, rerun=True,
                       item_id=item_id, achievement=item_text, expected_version=version)
            if right.button(ui.T("rewards.lists.remove"), key="rl_item_remove"):
                ui.act(awards.remove_item, success=ui.T("rewards.saved"), after=after_change, rerun=True,
                       item_id=item_id, expected_version=version)
    if st.button(ui.T("rewards.lists.submit"), key="rl_submit", disabled=view.items.empty):
        ui.act(awards.submit_list, success=ui.T("rewards.lists.submitted"), after=after_change, rerun=True, **on_list)


def approval(view: view_of.Detail, on_list: dict) -> None:
    header = view.header
    if view.may_approve and view.status == "submitted":
        with st.form("rl_approve"):
            st.write(ui.T("rewards.lists.approve_help"))
            decision_no = st.text_input(ui.T("rewards.col.decision_no"), value=header["decision_no"] or "",
                                        key="rl_decision_no", placeholder="125/QĐ-UBND")
            decision_date = st.date_input(ui.T("rewards.col.decision_date"), key="rl_decision_date",
                                          value=header["decision_date"] or view.today, **settings.DATE_INPUT)
            signer = st.text_input(ui.T("rewards.lists.signer"), value=header["signer"] or "", key="rl_signer")
            signer_title = st.text_input(ui.T("rewards.lists.signer_title"), value=header["signer_title"] or "",
                                         key="rl_signer_title")
            if st.form_submit_button(ui.T("rewards.lists.approve"), key="rl_approve_submit", type="primary"):
                ui.act(issuing.approve_list, success=ui.T("rewards.lists.approved"), after=after_change, rerun=True,
                       **on_list, decision_no=decision_no, decision_date=decision_date, signer=signer,
                       signer_title=signer_title)
        if st.button(ui.T("rewards.lists.return"), key="rl_return"):
            ui.act(awards.return_list, success=ui.T("rewards.saved"), after=after_change, rerun=True, **on_list)
    if view.may_approve and view.status == "approved" and st.button(ui.T("rewards.lists.lock"), key="rl_lock"):
        ui.act(awards.lock_list, success=ui.T("rewards.lists.locked"), after=after_change, rerun=True, **on_list)
    if view.frozen and header["rule_snapshot"]:
        with st.expander(ui.T("rewards.lists.snapshot")):
            st.json(header["rule_snapshot"])


def main() -> None:
    ui.require_user()
    ui.page_header("rewards.lists.title", "rewards.lists.help")
    lang = ui.lang()
    this_year = clock.today().year
    if ui.link_param("list") and st.session_state.get("_link_rl_pick") != ui.link_param("list"):
        st.session_state["rl_year"] = None  # a link to a list: look among every year's lists
    year_filter = ui.pick("rewards.year", view_of.year_options(this_year, lang), "rl_year")
    lists = ui.read(view_of.overview, year=year_filter, lang=lang)
    if lists.can_build:
        new_list_form(lists, year_filter, this_year)
    if lists.table.empty:
        st.info(ui.T("rewards.lists.empty"))
        st.stop()

    grid(lists.table, view_of.LIST_COLUMNS, "lists", view_of.LIST_PHONE)
    ui.follow_link("rl_pick", "list", view_of.linked_list(titles=lists.titles, raw=ui.link_param("list"), lang=lang))
    list_id = ui.pick("rewards.lists.pick", lists.titles, "rl_pick")
    ui.keep_in_link("rl_pick", "list", list_id)
    view = ui.read(view_of.detail, list_id=list_id, lang=lang)
    decision = view_of.linked_decision(view=view, raw=ui.link_param("idea")) if view.may_build else None
    if decision is not None and st.session_state.get("_link_rl_idea") != (list_id, decision):
        st.session_state["_link_rl_idea"] = (list_id, decision)  # "add this initiative's authors" preselected
        st.session_state[f"rl_bulk_decision_{list_id}"] = decision
    # a change of the chosen list is refused if someone else changed it since this page read it
    on_list = {"list_id": list_id, "expected_version": view.header["version"]}

    st.subheader(ui.plain(view.title))
    st.caption(ui.plain(view.status_line))
    if view.frozen:
        st.info(ui.T("rewards.lists.frozen"))
    for name, message in st.session_state.pop("rl_bulk_report", []):
        st.text(f"{name}: {message}")
    if view.items.empty:
        st.info(ui.T("rewards.lists.no_items"))
    else:
        grid(view.items, view_of.ITEM_COLUMNS, "items", view_of.ITEM_PHONE)
        st.metric(ui.T("rewards.col.total"), f"{view.total} đ")

    if view.may_build:
        build_tabs(view, on_list)
    approval(view, on_list)

    st.divider()
    st.subheader(ui.T("rewards.lists.exports"))
    if st.toggle(ui.T("rewards.lists.prepare_exports"), key="rl_exports"):
        files = ui.read(view_of.downloads, list_id=list_id, lang=ui.lang())
        for column, download in zip(st.columns(len(files)), files, strict=True):
            if download.refusal:
                column.warning(download.refusal)  # markup-checked: a translated message and the settings address
            else:
                column.download_button(ui.T(download.label_key), data=download.payload,
                                       file_name=download.file_name, mime=download.mime, key=download.key)


main()
