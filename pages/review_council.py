"""Council: members and roles, who scores what, the score board, the chair's votes and decision, documents."""
import streamlit as st

import ui
from ideas.core import clock
from ideas.core.errors import DomainError
from ideas.review import council_view, councils, decisions

SCREENING_PAGE = "pages/review_screening.py"


@st.cache_data(ttl=600, max_entries=32, show_spinner=False)
def board_section_data(database_url: str, signature: tuple, lang: str) -> dict:
    """The board and agreement figures, recomputed only when a score, vote or decision changes (the signature
    is part of the cache key)."""
    with ui.db().read_session() as session:
        return council_view.board_table(session, signature[0], lang)


def table(frame) -> None:  # noqa: ANN001
    """Wide tables scroll sideways at 1440 px: the title stays pinned beside the figures that matter."""
    st.dataframe(frame, hide_index=True, width="stretch", column_config={
        c: st.column_config.Column(ui.T(f"review.col.{c}"), pinned=c == "title" or None,
                                   width="medium" if c == "title" else None) for c in frame})


def members_section(council_id: int) -> None:
    search = st.text_input(ui.T("review.council.search_user"), key="council_search") \
        if user.has("secretary", "admin") else ""
    data = ui.read(council_view.members, lang=ui.lang(), council_id=council_id, search=search)
    table(data["table"])
    if not user.has("secretary", "admin"):
        return
    if data["people"]:
        person = st.selectbox(ui.T("review.col.member"), list(data["people"]), format_func=data["people"].get,
                              key="council_person", placeholder=ui.T("core.choose_option"))
        roles = list(councils.MEMBER_ROLES)
        role = st.selectbox(ui.T("review.col.role"), roles, format_func=lambda r: ui.T(f"review.role.{r}"),
                            key="council_role", index=roles.index("member"), placeholder=ui.T("core.choose_option"))
        if st.button(ui.T("review.council.save_member"), key="council_save_member") and ui.act(
                councils.set_member, success=ui.T("review.council.saved"), council_id=council_id, user_id=person,
                role=role):
            st.rerun()
    if data["current"]:
        leaving = st.selectbox(ui.T("review.council.remove_pick"), list(data["current"]), index=None,
                               format_func=data["current"].get, key="council_remove_pick",
                               placeholder=ui.T("core.choose_option"))
        if st.button(ui.T("review.council.remove"), key="council_remove", disabled=leaving is None) and ui.act(
                councils.remove_member, success=ui.T("review.council.saved"), council_id=council_id,
                user_id=leaving):
            st.rerun()


def assign_section(campaign_id: int) -> None:
    ideas = ui.read(council_view.open_ideas, lang=ui.lang(), campaign_id=campaign_id)
    if overview["higher"] or not ideas:
        st.info(ui.T("review.assign.none"))
        return
    idea_id = st.selectbox(ui.T("review.col.title"), list(ideas), format_func=ideas.get, key="assign_idea",
                           placeholder=ui.T("core.choose_option"))
    data = ui.read(council_view.assignments, lang=ui.lang(), idea_id=idea_id)
    table(data["table"])
    if not data["conflicts"].empty:
        st.caption(ui.T("review.assign.conflicts"))
        table(data["conflicts"])
    if user.has("secretary"):  # the screening page, where reviewers are assigned, is the secretary's
        st.page_link(SCREENING_PAGE, label=ui.T("review.assign.on_screening"), icon=":material/group_add:")


def board_section() -> None:
    data = board_section_data(ui.db().url, overview["signature"], ui.lang())
    left, right = st.columns(2)
    left.metric(ui.T("review.board.alpha"), data["alpha"])
    right.metric(ui.T("review.board.icc"), data["icc"])
    st.caption(ui.T("review.board.alpha_help"))
    if data["table"].empty:
        st.info(ui.T("review.board.empty"))
        return
    if data["flagged"]:
        st.warning(ui.T("review.board.flagged", count=ui.num(data["flagged"])))
    table(data["table"])
    st.caption(ui.T("review.board.calibration_help"))


def vote_inputs(idea_id: int, members: list[dict]) -> dict[int, str]:
    choices = ["", *decisions.VOTES]
    cols = st.columns(3)
    return {m["member_id"]: cols[i % 3].selectbox(
        f"{ui.plain(m['name'])} ({m['role']})", choices, index=choices.index(m["vote"]),
        format_func=lambda v: ui.T(f"review.vote.{v or 'none'}"), key=f"vote_{idea_id}_{m['member_id']}",
        placeholder=ui.T("core.choose_option"))
        for i, m in enumerate(members)}


def count_inputs(idea_id: int) -> dict | None:
    if not st.toggle(ui.T("review.decide.use_counts"), key=f"decide_use_counts_{idea_id}"):
        return None
    cols = st.columns(3)
    return {key: col.number_input(ui.T(label), min_value=0, step=1, key=f"decide_{key}_{idea_id}")
            for col, key, label in zip(cols, ("for", "against", "present"),
                                       ("review.col.for", "review.col.against", "review.decide.present"), strict=True)}


def decide_section(campaign_id: int) -> None:
    options = ui.read(council_view.decide_options, lang=ui.lang(), campaign_id=campaign_id, higher=overview["higher"])
    if options["candidates"] is not None:
        st.caption(ui.T("review.higher.candidates"))
        table(options["candidates"])
    if not options["ideas"]:
        st.info(ui.T("review.decide.none"))
        return
    if not user.has("chair"):
        st.info(ui.T("review.decide.chair_only"))
        return
    idea_id = st.selectbox(ui.T("review.col.title"), list(options["ideas"]), format_func=options["ideas"].get,
                           key="decide_idea", placeholder=ui.T("core.choose_option"))
    members = ui.read(council_view.sitting, lang=ui.lang(), campaign_id=campaign_id, idea_id=idea_id)
    chosen, counts = vote_inputs(idea_id, members), count_inputs(idea_id)
    form = ui.read(council_view.decide_form, lang=ui.lang(), campaign_id=campaign_id, idea_id=idea_id,
                   chosen=chosen, counts=counts)
    if overview["higher"] and not form["evidence"].empty:
        st.caption(ui.T("review.higher.evidence"))
        table(form["evidence"])
    if form["counts_error"]:
        st.error(ui.plain(form["counts_error"]))
    for ok, text in form["checks"]:
        st.text(("✔ " if ok else "✘ ") + text)
    if form["missing_scores"]:
        st.warning(ui.plain(form["missing_scores"]))
    (st.success if form["passed"] else st.warning)(form["verdict"])
    number = st.text_input(ui.T("review.decide.number"), key=f"decide_number_{idea_id}")
    decided_on = st.date_input(ui.T("review.decide.date"), value=clock.today(), key=f"decide_date_{idea_id}",
                               format="DD/MM/YYYY")
    scopes = list(decisions.SCOPES)
    scope = st.selectbox(ui.T("review.col.scope"), scopes, format_func=lambda v: ui.T(f"review.scope.{v}"),
                         index=scopes.index(overview["target_scope"]) if overview["higher"] else 0,
                         key=f"decide_scope_{idea_id}", placeholder=ui.T("core.choose_option"))
    reason = st.text_area(ui.T("review.decide.reason"), key=f"decide_reason_{idea_id}")
    if st.button(ui.T("review.decide.submit"), type="primary", key="decide_submit") and ui.act(
            decisions.decide, success=ui.T("review.decide.done"), idea_id=idea_id, number=number,
            decided_on=decided_on, scope=scope, reason=reason, campaign_id=campaign_id,
            counts=counts, votes=None if counts else chosen):
        st.rerun()


def documents_section(campaign_id: int) -> None:
    minutes = st.toggle(ui.T("review.docs.prepare_minutes"), key="docs_minutes")
    picked = st.session_state.get("docs_certificate")
    data = ui.read(council_view.documents, lang=ui.lang(), campaign_id=campaign_id, certificate_id=picked,
                   minutes=minutes)
    if not data["table"].empty:
        table(data["table"])
    if data["certificates"]:
        cert_id = st.selectbox(ui.T("review.docs.certificate"), list(data["certificates"]),
                               format_func=data["certificates"].get, key="docs_certificate",
                               placeholder=ui.T("core.choose_option"))
        st.download_button(ui.T("review.docs.download_certificate"), data["certificate"],
                           file_name=f"giay-chung-nhan-{cert_id}.docx", key="docs_certificate_download")
    for kind in ("docx", "xlsx") if minutes else ():
        st.download_button(ui.T(f"review.docs.minutes_{kind}"), data[f"minutes_{kind}"],
                           file_name=f"bien-ban-{campaign_id}.{kind}", key=f"docs_minutes_{kind}")


user = ui.require_user()
ui.page_header("review.council.title", "review.council.help")
campaigns = ui.read(council_view.campaigns, lang=ui.lang())
if not campaigns:
    st.info(ui.T("review.council.no_campaigns"))
    st.stop()
campaign_id = st.selectbox(ui.T("review.col.campaign"), list(campaigns), format_func=campaigns.get,
                           key="council_campaign", placeholder=ui.T("core.choose_option"))
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
        name = st.text_input(ui.T("review.council.name"), key="council_new_name")
        ref = st.text_input(ui.T("review.council.decision_ref"), key="council_new_ref")
        if st.button(ui.T("review.council.create"), type="primary", key="council_create") and ui.act(
                councils.create_council, success=ui.T("review.council.created"), campaign_id=campaign_id,
                name=name, decision_ref=ref):
            st.rerun()
    st.stop()
st.text(overview["council_name"])  # typed by the secretary: never markdown

# One section at a time (not tabs): Streamlit runs every tab's code, and each section has its own queries.
SECTIONS = {"board": board_section, "members": lambda: members_section(overview["council_id"]),
            "assign": lambda: assign_section(campaign_id), "decide": lambda: decide_section(campaign_id),
            "documents": lambda: documents_section(campaign_id)}
section = st.radio(ui.T("review.council.section"), list(SECTIONS), horizontal=True, key="council_section",
                   format_func=lambda v: ui.T(f"review.council.tab_{v}"), label_visibility="collapsed")
SECTIONS[section]()
