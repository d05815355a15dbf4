"""Award lists: build a list from recognised authors and units, submit, approve, lock and export."""
import datetime as dt

import streamlit as st

import ui
from ideas.core.i18n import fmt_date, fmt_number
from ideas.rewards import awards, exports

user = ui.require_user()
ui.page_header("rewards.lists.title", "rewards.lists.help")
officer = user.has("reward_officer")
today = dt.date.today()


def act(fn, success_key: str | None = None):  # noqa: ANN001, ANN201
    """Run one service call as the signed-in user; flash its warnings; rerun on success."""
    result = ui.run(lambda s: fn(s, ui.load_actor(s, user)),
                    success=ui.T(success_key) if success_key else None)
    if result is None:
        return None
    for key, params in getattr(result, "warnings", []) or []:
        ui.flash(ui.T(key, **params), "warning")
    st.rerun()


year_filter = st.selectbox(ui.T("rewards.year"), [None, *range(today.year + 1, today.year - 8, -1)], key="rl_year",
                           format_func=lambda y: ui.T("rewards.all_years") if y is None else str(y))
with ui.db().read_session() as session:
    actor = ui.load_actor(session, user)
    table = awards.list_table(session, actor=actor, year=year_filter)
    unit_choices = awards.unit_choices(session, actor=actor) if officer else []

if officer and unit_choices:
    with st.expander(ui.T("rewards.lists.new"), expanded=table.empty):
        with st.form("rl_new"):
            title = st.text_input(ui.T("rewards.lists.col.title"), key="rl_new_title",
                                  placeholder=ui.T("rewards.lists.title_placeholder"))
            year = st.number_input(ui.T("rewards.year"), min_value=2000, max_value=2100,
                                   value=int(year_filter or today.year), step=1, key="rl_new_year")
            labels = dict(unit_choices)
            unit_id = st.selectbox(ui.T("rewards.lists.col.unit"), list(labels), key="rl_new_unit",
                                   format_func=lambda i: labels[i] or ui.T("rewards.province_wide"))
            agency = st.text_input(ui.T("rewards.lists.agency"), key="rl_new_agency")
            signer_title = st.text_input(ui.T("rewards.lists.signer_title"), key="rl_new_signer_title")
            if st.form_submit_button(ui.T("rewards.lists.create"), type="primary", key="rl_new_submit"):
                act(lambda s, a: awards.create_list(session=s, actor=a, title=title, year=int(year), unit_id=unit_id,
                                                    agency_name=agency or None, signer_title=signer_title or None),
                    "rewards.lists.created")

if table.empty:
    st.info(ui.T("rewards.lists.empty"))
    st.stop()

shown = table.assign(status=[ui.T(f"rewards.status.{s}") for s in table.status],
                     unit=[u if isinstance(u, str) else ui.T("rewards.province_wide") for u in table.unit],
                     decision_no=[n if isinstance(n, str) else "" for n in table.decision_no],
                     decision_date=[fmt_date(d, ui.lang()) for d in table.decision_date],
                     total=[fmt_number(v, ui.lang()) for v in table.total])
st.dataframe(shown[["id", "title", "unit", "status", "decision_no", "decision_date", "items", "total"]],
             hide_index=True, width="stretch",
             column_config={"id": ui.T("rewards.col.id"), "title": ui.T("rewards.lists.col.title"),
                            "unit": ui.T("rewards.lists.col.unit"), "status": ui.T("rewards.col.status"),
                            "decision_no": ui.T("rewards.col.decision_no"),
                            "decision_date": ui.T("rewards.col.decision_date"), "items": ui.T("rewards.col.items"),
                            "total": ui.T("rewards.col.total")})

titles = {int(r.id): f"#{r.id} {r.title}" for r in table.itertuples()}
list_id = st.selectbox(ui.T("rewards.lists.pick"), list(titles), format_func=titles.get, key="rl_pick")
with ui.db().read_session() as session:
    actor = ui.load_actor(session, user)
    header = awards.list_header(session, actor=actor, list_id=list_id)
    items = awards.items_frame(session, actor=actor, list_id=list_id)
    on = header["decision_date"] or today
    authors = awards.recognised_authors(session, actor=actor, year=header["year"]) if officer else None
    individual_forms = awards.form_options(session, on, collective=False)
    collective_forms = awards.form_options(session, on, collective=True)
    build_units = awards.unit_choices(session, actor=actor) if officer else []
version = header["version"]
status = header["status"]

st.subheader(ui.plain(header["title"]))  # the title is user text
st.caption(ui.T("rewards.lists.status_line", status=ui.T(f"rewards.status.{status}"),
                decision=header["decision_no"] or "—", date=fmt_date(header["decision_date"], ui.lang()) or "—",
                signer=header["signer"] or "—"))
if status in awards.FINAL:
    st.info(ui.T("rewards.lists.frozen"))

if items.empty:
    st.info(ui.T("rewards.lists.no_items"))
else:
    view = items.assign(kind=[ui.T(f"rewards.kind.{k}") for k in items.kind],
                        amount_text=[fmt_number(v, ui.lang()) for v in items.amount],
                        base_text=[fmt_number(v, ui.lang()) for v in items.base_salary])
    st.dataframe(view[["kind", "name", "position_unit", "achievement", "form", "coefficient", "multiplier",
                       "base_text", "amount_text"]], hide_index=True, width="stretch",
                 column_config={"kind": ui.T("rewards.col.kind"), "name": ui.T("rewards.col.name"),
                                "position_unit": ui.T("rewards.col.position_unit"),
                                "achievement": ui.T("rewards.col.achievement"), "form": ui.T("rewards.col.form"),
                                "coefficient": ui.T("rewards.col.coefficient"),
                                "multiplier": ui.T("rewards.col.multiplier"),
                                "base_text": ui.T("rewards.col.base_salary"),
                                "amount_text": ui.T("rewards.col.amount")})
    st.metric(ui.T("rewards.col.total"), f"{fmt_number(int(items.amount.sum()), ui.lang())} đ")

if officer and status == "draft":
    tab_author, tab_person, tab_unit, tab_edit = st.tabs([
        ui.T("rewards.lists.add_author"), ui.T("rewards.lists.add_person"), ui.T("rewards.lists.add_unit"),
        ui.T("rewards.lists.edit")])
    forms = dict(individual_forms)
    default_form = list(forms).index("GIAY_KHEN") if "GIAY_KHEN" in forms else 0  # the most common form
    with tab_author:
        if authors is None or authors.empty:
            st.info(ui.T("rewards.lists.no_authors", year=header["year"]))
        else:
            scope_names = {s: ui.T(f"rewards.scope.{s}") for s in ("unit", "provincial", "national")}
            choices = {i: f"{r.full_name} — {r.title} "
                          f"({scope_names.get(r.scope if isinstance(r.scope, str) else 'unit', '')})"
                       for i, r in enumerate(authors.itertuples())}
            pick = st.selectbox(ui.T("rewards.lists.author"), list(choices), format_func=choices.get,
                                key="rl_author")
            form_code = st.selectbox(ui.T("rewards.col.form"), list(forms), format_func=forms.get,
                                     key="rl_author_form", index=default_form)
            row = authors.iloc[pick]
            if st.button(ui.T("rewards.lists.add"), key="rl_author_add", type="primary"):
                act(lambda s, a: awards.add_individual(session=s, actor=a, list_id=list_id,
                                                       user_id=int(row.user_id), idea_id=int(row.idea_id),
                                                       form_code=form_code, expected_version=version),
                    "rewards.lists.added")
    with tab_person:
        needle = st.text_input(ui.T("rewards.lists.search_person"), key="rl_person_search")
        with ui.db().read_session() as session:
            people = dict(awards.people_options(session, actor=ui.load_actor(session, user), text=needle))
        if people:
            person = st.selectbox(ui.T("rewards.col.name"), list(people), format_func=people.get, key="rl_person")
            person_form = st.selectbox(ui.T("rewards.col.form"), list(forms), format_func=forms.get,
                                       key="rl_person_form", index=default_form)
            person_text = st.text_area(ui.T("rewards.col.achievement"), key="rl_person_achievement")
            if st.button(ui.T("rewards.lists.add"), key="rl_person_add", type="primary"):
                act(lambda s, a: awards.add_individual(session=s, actor=a, list_id=list_id, user_id=int(person),
                                                       form_code=person_form, achievement=person_text,
                                                       expected_version=version), "rewards.lists.added")
    with tab_unit:
        unit_labels = {uid: label for uid, label in build_units if uid is not None}
        cforms = dict(collective_forms)
        if unit_labels and cforms:
            unit_pick = st.selectbox(ui.T("rewards.lists.col.unit"), list(unit_labels), format_func=unit_labels.get,
                                     key="rl_unit")
            unit_form = st.selectbox(ui.T("rewards.col.form"), list(cforms), format_func=cforms.get,
                                     key="rl_unit_form",
                                     index=list(cforms).index("GIAY_KHEN") if "GIAY_KHEN" in cforms else 0)
            unit_text = st.text_area(ui.T("rewards.col.achievement"), key="rl_unit_achievement")
            if st.button(ui.T("rewards.lists.add"), key="rl_unit_add", type="primary"):
                act(lambda s, a: awards.add_collective(session=s, actor=a, list_id=list_id, unit_id=int(unit_pick),
                                                       form_code=unit_form, achievement=unit_text,
                                                       expected_version=version), "rewards.lists.added")
    with tab_edit:
        with st.form("rl_heading"):
            new_title = st.text_input(ui.T("rewards.lists.col.title"), value=header["title"], key="rl_edit_title")
            new_agency = st.text_input(ui.T("rewards.lists.agency"), value=header["agency_name"] or "",
                                       key="rl_edit_agency")
            planned = st.date_input(ui.T("rewards.lists.planned_date"), value=header["decision_date"] or today,
                                    key="rl_edit_date", format="DD/MM/YYYY")
            if st.form_submit_button(ui.T("rewards.save"), key="rl_heading_save"):
                act(lambda s, a: awards.update_list(session=s, actor=a, list_id=list_id, expected_version=version,
                                                    title=new_title, agency_name=new_agency,
                                                    decision_date=planned), "rewards.saved")
        if not items.empty:
            item_labels = {int(r.id): f"{r.name} — {r.form}" for r in items.itertuples()}
            item_id = st.selectbox(ui.T("rewards.lists.item"), list(item_labels), format_func=item_labels.get,
                                   key="rl_item")
            current = items[items.id == item_id].iloc[0]
            current_text = current.achievement if isinstance(current.achievement, str) else ""
            item_text = st.text_area(ui.T("rewards.col.achievement"), value=current_text, key=f"rl_item_text_{item_id}")
            left, right = st.columns(2)
            if left.button(ui.T("rewards.save"), key="rl_item_save"):
                act(lambda s, a: awards.update_item(session=s, actor=a, item_id=item_id, achievement=item_text,
                                                    expected_version=version), "rewards.saved")
            if right.button(ui.T("rewards.lists.remove"), key="rl_item_remove"):
                act(lambda s, a: awards.remove_item(session=s, actor=a, item_id=item_id, expected_version=version),
                    "rewards.saved")
    if st.button(ui.T("rewards.lists.submit"), key="rl_submit", disabled=items.empty):
        act(lambda s, a: awards.submit_list(session=s, actor=a, list_id=list_id, expected_version=version),
            "rewards.lists.submitted")

if officer and status == "submitted":
    with st.form("rl_approve"):
        st.write(ui.T("rewards.lists.approve_help"))
        decision_no = st.text_input(ui.T("rewards.col.decision_no"), value=header["decision_no"] or "",
                                    key="rl_decision_no", placeholder="125/QĐ-UBND")
        decision_date = st.date_input(ui.T("rewards.col.decision_date"), value=header["decision_date"] or today,
                                      key="rl_decision_date", format="DD/MM/YYYY")
        signer = st.text_input(ui.T("rewards.lists.signer"), value=header["signer"] or "", key="rl_signer")
        signer_title = st.text_input(ui.T("rewards.lists.signer_title"), value=header["signer_title"] or "",
                                     key="rl_signer_title")
        if st.form_submit_button(ui.T("rewards.lists.approve"), type="primary", key="rl_approve_submit"):
            act(lambda s, a: awards.approve_list(session=s, actor=a, list_id=list_id, decision_no=decision_no,
                                                 decision_date=decision_date, signer=signer,
                                                 signer_title=signer_title, expected_version=version),
                "rewards.lists.approved")
    if st.button(ui.T("rewards.lists.return"), key="rl_return"):
        act(lambda s, a: awards.return_list(session=s, actor=a, list_id=list_id, expected_version=version),
            "rewards.saved")

if officer and status == "approved":
    if st.button(ui.T("rewards.lists.lock"), key="rl_lock"):
        act(lambda s, a: awards.lock_list(session=s, actor=a, list_id=list_id, expected_version=version),
            "rewards.lists.locked")

if status in awards.FINAL and header["rule_snapshot"]:
    with st.expander(ui.T("rewards.lists.snapshot")):
        st.json(header["rule_snapshot"])

st.divider()
st.subheader(ui.T("rewards.lists.exports"))
if st.toggle(ui.T("rewards.lists.prepare_exports"), key="rl_exports"):
    with ui.db().read_session() as session:
        doc = exports.load_document(session, actor=ui.load_actor(session, user), list_id=list_id)
    columns = st.columns(3)
    for column, fmt in zip(columns, ("xlsx", "docx", "csv"), strict=True):
        column.download_button(ui.T(f"rewards.lists.download_{fmt}"), data=exports.EXPORTERS[fmt](doc),
                               file_name=exports.filename(doc, fmt), mime=exports.MIME[fmt], key=f"rl_dl_{fmt}")
