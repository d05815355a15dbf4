"""Council: members and roles, who scores what, the score board, the chair's votes and decision, documents."""
import streamlit as st

import ui
from ideas.core import clock
from ideas.core.errors import DomainError
from ideas.review import council_view, councils, decisions


@st.cache_data(ttl=600, max_entries=32, show_spinner=False)
def board_section_data(database_url: str, signature: tuple, lang: str) -> dict:
    """The board and agreement figures, recomputed only when a score, vote or decision changes its signature."""
    with ui.db().read_session() as session:
        return council_view.board_table(session, signature[0], lang)


def table(frame, caption_key: str | None = None) -> None:  # noqa: ANN001
    """Wide tables scroll sideways at 1440 px: the title stays pinned beside the figures that matter. A view
    gives None for a table that has nothing to show."""
    if frame is None:
        return
    if caption_key:
        st.caption(ui.T(caption_key))
    st.dataframe(frame, hide_index=True, width="stretch", column_config={
        c: st.column_config.Column(ui.T(f"review.col.{c}"), pinned=c == "title" or None,
                                   width="medium" if c == "title" else None) for c in frame})


def pick(label_key: str, options: dict, key: str, **kwargs):  # noqa: ANN201
    return st.selectbox(ui.T(label_key), list(options), format_func=options.get, key=key,
                        placeholder=ui.T("core.choose_option"), **kwargs)


def act_button(label_key: str, key: str, service, success_key: str, *, primary: bool = False,  # noqa: ANN001
               disabled: bool = False, **kwargs) -> None:
    if st.button(ui.T(label_key), key=key, type="primary" if primary else "secondary", disabled=disabled) \
            and ui.act(service, success=ui.T(success_key), **kwargs):
        st.rerun()


def members_section(council_id: int) -> None:
    manages = user.has("secretary", "admin")
    search = st.text_input(ui.T("review.council.search_user"), key="council_search") if manages else ""
    data = ui.read(council_view.members, lang=ui.lang(), council_id=council_id, search=search)
    table(data["table"])
    if not manages:
        return
    if data["people"]:
        act_button("review.council.save_member", "council_save_member", councils.set_member, "review.council.saved",
                   council_id=council_id, user_id=pick("review.col.member", data["people"], "council_person"),
                   role=pick("review.col.role", data["roles"], "council_role", index=data["role_index"]))
    if data["current"]:
        leaving = pick("review.council.remove_pick", data["current"], "council_remove_pick", index=None)
        act_button("review.council.remove", "council_remove", councils.remove_member, "review.council.saved",
                   disabled=leaving is None, council_id=council_id, user_id=leaving)


def assign_section(campaign_id: int) -> None:
    ideas = ui.read(council_view.open_ideas, lang=ui.lang(), campaign_id=campaign_id)
    if overview["higher"] or not ideas:
        st.info(ui.T("review.assign.none"))
        return
    idea_id = pick("review.col.title", ideas, "assign_idea")
    data = ui.read(council_view.assignments, lang=ui.lang(), idea_id=idea_id)
    table(data["table"])
    table(data["conflicts"], "review.assign.conflicts")
    if user.has("secretary"):  # the screening page, where reviewers are assigned, is the secretary's
        st.page_link("pages/review_screening.py", label=ui.T("review.assign.on_screening"), icon=":material/group_add:")


def board_section() -> None:
    data = board_section_data(ui.db().url, overview["signature"], ui.lang())
    for column, figure in zip(st.columns(2), ("alpha", "icc"), strict=True):
        column.metric(ui.T(f"review.board.{figure}"), data[figure])
    st.caption(ui.T("review.board.alpha_help"))
    if data["table"].empty:
        st.info(ui.T("review.board.empty"))
        return
    if data["flagged"]:
        st.warning(ui.T("review.board.flagged", count=ui.num(data["flagged"])))
    table(data["table"])
    st.caption(ui.T("review.board.calibration_help"))


def tally_inputs(idea_id: int, members: list[dict], choices: dict[str, str]) -> tuple[dict, dict | None]:
    cols = st.columns(3)
    chosen = {m["member_id"]: cols[i % 3].selectbox(
        f"{ui.plain(m['name'])} ({m['role']})", list(choices), index=list(choices).index(m["vote"]),
        format_func=choices.get, key=f"vote_{idea_id}_{m['member_id']}",
        placeholder=ui.T("core.choose_option")) for i, m in enumerate(members)}
    if not st.toggle(ui.T("review.decide.use_counts"), key=f"decide_use_counts_{idea_id}"):
        return chosen, None
    return chosen, {key: col.number_input(ui.T(label), min_value=0, step=1, key=f"decide_{key}_{idea_id}")
                    for col, (key, label) in zip(st.columns(3), council_view.COUNT_FIELDS.items(), strict=True)}


def decide_section(campaign_id: int) -> None:
    options = ui.read(council_view.decide_options, lang=ui.lang(), campaign_id=campaign_id, higher=overview["higher"])
    if options["candidates"] is not None:
        table(options["candidates"], "review.higher.candidates")
    if not options["ideas"] or not user.has("chair"):
        st.info(ui.T("review.decide.chair_only" if options["ideas"] else "review.decide.none"))
        return
    idea_id = pick("review.col.title", options["ideas"], "decide_idea")
    members = ui.read(council_view.sitting, lang=ui.lang(), campaign_id=campaign_id, idea_id=idea_id)
    chosen, counts = tally_inputs(idea_id, members, options["votes"])
    form = ui.read(council_view.decide_form, lang=ui.lang(), campaign_id=campaign_id, idea_id=idea_id,
                   chosen=chosen, counts=counts, higher=overview["higher"])
    table(form["evidence"], "review.higher.evidence")
    for kind, text in form["notes"]:  # in order: a wrong tally, the checks (never markdown), missing scores, verdict
        getattr(st, kind)(text if kind == "text" else ui.plain(text))
    act_button("review.decide.submit", "decide_submit", decisions.decide, "review.decide.done", primary=True,
               idea_id=idea_id, campaign_id=campaign_id, counts=counts, votes=None if counts else chosen,
               number=st.text_input(ui.T("review.decide.number"), key=f"decide_number_{idea_id}"),
               decided_on=st.date_input(ui.T("review.decide.date"), value=clock.today(), format="DD/MM/YYYY",
                                        key=f"decide_date_{idea_id}"),
               scope=pick("review.col.scope", options["scopes"], f"decide_scope_{idea_id}",
                          index=options["scope_index"]),
               reason=st.text_area(ui.T("review.decide.reason"), key=f"decide_reason_{idea_id}"))


def documents_section(campaign_id: int) -> None:
    minutes = st.toggle(ui.T("review.docs.prepare_minutes"), key="docs_minutes")
    data = ui.read(council_view.documents, lang=ui.lang(), campaign_id=campaign_id,
                   certificate_id=st.session_state.get("docs_certificate"), minutes=minutes)
    table(data["table"])
    if data["certificates"]:  # the view has already read the chosen certificate (the first one at first)
        pick("review.docs.certificate", data["certificates"], "docs_certificate")
    for label_key, payload, file_name, key in data["downloads"]:
        st.download_button(ui.T(label_key), payload, file_name=file_name, key=key)


user = ui.require_user()
ui.page_header("review.council.title", "review.council.help")
campaigns = ui.read(council_view.campaigns, lang=ui.lang())
if not campaigns:
    st.info(ui.T("review.council.no_campaigns"))
    st.stop()
campaign_id = pick("review.col.campaign", campaigns, "council_campaign")
try:
    overview = ui.read(council_view.overview, lang=ui.lang(), campaign_id=campaign_id)
except DomainError as error:
    ui.show_error(error)
    st.stop()
if overview["note"]:
    st.caption(ui.plain(overview["note"]))
if overview["council_id"] is None:
    st.info(ui.T("review.council.none"))
    if user.has("secretary", "admin"):
        act_button("review.council.create", "council_create", councils.create_council, "review.council.created",
                   primary=True, campaign_id=campaign_id,  # the inputs above the button, in this order
                   name=st.text_input(ui.T("review.council.name"), key="council_new_name"),
                   decision_ref=st.text_input(ui.T("review.council.decision_ref"), key="council_new_ref"))
    st.stop()
st.text(overview["council_name"])  # typed by the secretary: never markdown

# One section at a time (not tabs): Streamlit runs every tab's code, and each section has its own queries.
SECTIONS = {"board": board_section, "members": lambda: members_section(overview["council_id"]),
            "assign": lambda: assign_section(campaign_id), "decide": lambda: decide_section(campaign_id),
            "documents": lambda: documents_section(campaign_id)}
section = st.radio(ui.T("review.council.section"), list(SECTIONS), horizontal=True, key="council_section",
                   format_func=lambda v: ui.T(f"review.council.tab_{v}"), label_visibility="collapsed")
SECTIONS[section]()
