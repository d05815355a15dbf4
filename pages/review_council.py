"""Council: members and roles, who scores what, the score board, the chair's votes and decision, documents."""
import pandas as pd
import streamlit as st

import ui
from ideas.core import clock, settings
from ideas.core.errors import DomainError
from ideas.review import councils, decisions, votes
from ideas.review import review_council_view as view


@st.cache_data(ttl=600, max_entries=32, show_spinner=False)
def board_data(database_url: str, user_id: int, signature: tuple, lang: str) -> view.Board:
    """The board of the signed-in reader (`user_id` keys it: the view checks their permission before reading),
    recomputed only when a score, vote or decision changes the campaign's signature."""
    return ui.read(view.board, lang=lang, campaign_id=signature[0])


def headings(frame: pd.DataFrame | None) -> dict | None:
    """Review headings; wide tables scroll sideways at 1440 px: the title stays pinned beside the figures."""
    if frame is None:
        return None
    widths = {"title": "medium", "decision": 140}  # "Không công nhận" whole beside a title cut at 200 px
    return {c: st.column_config.Column(ui.T(f"review.col.{c}"), pinned=c == "title" or None,
                                       width=widths.get(c)) for c in frame}


def members_section(user: ui.CurrentUser, council_id: int) -> None:
    manages = user.has("secretary", "admin")
    search = st.text_input(ui.T("review.council.search_user"), key="council_search") if manages else ""
    data = ui.read(view.members, lang=ui.lang(), council_id=council_id, search=search)
    ui.table(data.table, column_config=headings(data.table))
    if not manages:
        return
    if data.people:
        person = ui.pick("review.col.member", data.people, "council_person")
        role = ui.pick("review.col.role", data.roles, "council_role", index=data.role_index)
        if st.button(ui.T("review.council.save_member"), key="council_save_member"):
            ui.act(councils.set_member, success=ui.T("review.council.saved"), rerun=True, council_id=council_id,
                   user_id=person, role=role)
    if data.current:
        leaving = ui.pick("review.council.remove_pick", data.current, "council_remove_pick", index=None)
        if st.button(ui.T("review.council.remove"), key="council_remove", disabled=leaving is None):
            ui.act(councils.remove_member, success=ui.T("review.council.saved"), rerun=True, council_id=council_id,
                   user_id=leaving)


def assign_section(user: ui.CurrentUser, overview: view.Overview, campaign_id: int) -> None:
    ideas = ui.read(view.open_ideas, lang=ui.lang(), campaign_id=campaign_id)
    if overview.higher or not ideas:
        st.info(ui.T("review.assign.none"))
        return
    idea_id = ui.pick("review.col.title", ideas, "assign_idea")
    data = ui.read(view.assignments, lang=ui.lang(), idea_id=idea_id)
    ui.table(data.table, column_config=headings(data.table))
    ui.table(data.conflicts, caption_key="review.assign.conflicts", column_config=headings(data.conflicts))
    if user.has("secretary"):  # the screening page, where reviewers are assigned, is the secretary's
        st.page_link("pages/review_screening.py", label=ui.T("review.assign.on_screening"), icon=":material/group_add:")


def board_section(user: ui.CurrentUser, overview: view.Overview) -> None:
    data = board_data(ui.db().url, user.id, overview.signature, ui.lang())
    for column, figure in zip(st.columns(2), ("alpha", "icc"), strict=True):
        column.metric(ui.T(f"review.board.{figure}"), getattr(data, figure))
    st.caption(ui.T("review.board.alpha_help"))
    if data.table.empty:
        st.info(ui.T("review.board.empty"))
        return
    if data.flagged:
        st.warning(ui.T("review.board.flagged", count=ui.num(data.flagged)))
    ui.table(data.table, column_config=headings(data.table), key="council_board", phone=view.KEY_COLUMNS["board"])
    st.caption(ui.T("review.board.calibration_help"))


def tally_inputs(idea_id: int, members: list[view.Seat], choices: dict[str, str]) -> tuple[dict, dict | None]:
    stored = f"votes_round_{idea_id}"
    if st.session_state.pop("votes_reload", None) == idea_id:  # votes were just stored: show them, not the old picks
        for key in [k for k in st.session_state if str(k).startswith(f"vote_{idea_id}_")]:
            del st.session_state[key]
        # new widget keys too: a browser keeps the old pick of a widget whose key it knows, and sends it back
        st.session_state[stored] = st.session_state.get(stored, 0) + 1
    suffix = f"_r{st.session_state[stored]}" if st.session_state.get(stored) else ""
    cols = st.columns(3)
    chosen = {m.member_id: ui.selectbox(
        f"{ui.plain(m.name)} ({ui.plain(m.role)})", list(choices), index=list(choices).index(m.vote),
        format_func=choices.get, key=f"vote_{idea_id}_{m.member_id}{suffix}", container=cols[i % 3])
        for i, m in enumerate(members)}
    if not st.toggle(ui.T("review.decide.use_counts"), key=f"decide_use_counts_{idea_id}"):
        return chosen, None
    return chosen, {key: col.number_input(ui.T(label), step=1, key=f"decide_{key}_{idea_id}")
                    for col, (key, label) in zip(st.columns(3), view.COUNT_FIELDS.items(), strict=True)}


def vote_actions(idea_id: int, campaign_id: int, label: str, chosen: dict) -> None:
    """All in favour in one action, or the single votes as chosen, stored without deciding yet."""
    left, right = st.columns(2)
    if left.button(ui.T("place.votes.all_for"), key="votes_all_for", icon=":material/done_all:",
                   help=ui.T("place.votes.all_for_help")):
        ui.act(votes.all_in_favour, success=ui.T("place.votes.saved", file=label), rerun=True, idea_id=idea_id,
               campaign_id=campaign_id, after=lambda _: st.session_state.update(votes_reload=idea_id))
    if right.button(ui.T("place.votes.save"), key="votes_save"):
        ui.act(votes.record_votes, success=ui.T("place.votes.saved", file=label), rerun=True, idea_id=idea_id,
               campaign_id=campaign_id, votes=chosen)


def decided_panel(campaign_id: int) -> bool:
    """Right after "Ghi quyết định": the file just decided, its outcome, certificate and what comes next."""
    decision_id = st.session_state.get(f"decided_last_{campaign_id}")
    if not decision_id:
        return False
    data = ui.read(view.decided, lang=ui.lang(), decision_id=decision_id)
    st.subheader(ui.T("place.decided.title"))
    st.text(data.heading)  # user text: never markdown
    (st.success if data.passed else st.warning)(ui.plain(data.outcome))
    if data.certificate:
        st.text(data.certificate)
    if data.download:
        st.download_button(ui.T(data.download.label_key), data.download.payload, file_name=data.download.file_name,
                           key=data.download.key)
    if data.refusal:
        st.warning(data.refusal)  # markup-checked: a translated message with the settings page's address
    st.info(ui.plain(data.next_step))
    if st.button(ui.T("place.decided.next_file"), key="decided_next", type="primary"):
        st.session_state.pop(f"decided_last_{campaign_id}", None)
        st.rerun()
    return True


def decide_section(user: ui.CurrentUser, overview: view.Overview, campaign_id: int) -> None:
    if decided_panel(campaign_id):
        return
    options = ui.read(view.decide_options, lang=ui.lang(), campaign_id=campaign_id, higher=overview.higher)
    ui.table(options.candidates, caption_key="review.higher.candidates", column_config=headings(options.candidates))
    if not options.ideas or not user.has("chair"):
        st.info(ui.T("review.decide.chair_only" if options.ideas else "review.decide.none"))
        return
    ui.follow_link("decide_idea", "idea", view.linked_idea(options=options.ideas, raw=ui.link_param("idea"),
                                                             lang=ui.lang()))
    idea_id = ui.pick("review.col.title", options.ideas, "decide_idea")
    label = ui.plain(options.ideas[idea_id])
    members = ui.read(view.sitting, lang=ui.lang(), campaign_id=campaign_id, idea_id=idea_id)
    chosen, counts = tally_inputs(idea_id, members, options.votes)
    if counts is None:
        vote_actions(idea_id, campaign_id, label, chosen)
    form = ui.read(view.decide_form, lang=ui.lang(), campaign_id=campaign_id, idea_id=idea_id,
                   chosen=chosen, counts=counts, higher=overview.higher)
    ui.table(form.evidence, caption_key="review.higher.evidence", column_config=headings(form.evidence))
    for kind, text in form.notes:  # in order: a wrong tally, the checks (never markdown), missing scores, verdict
        getattr(st, kind)(text if kind == "text" else ui.plain(text))
    number = st.text_input(ui.T("review.decide.number"), key=f"decide_number_{idea_id}")
    decided_on = st.date_input(ui.T("review.decide.date"), value=clock.today(), **settings.DATE_INPUT,
                               key=f"decide_date_{idea_id}")
    scope = ui.pick("review.col.scope", options.scopes, f"decide_scope_{idea_id}", index=options.scope_index)
    reason = st.text_area(ui.T("review.decide.reason"), key=f"decide_reason_{idea_id}")
    if st.button(ui.T("review.decide.submit"), key="decide_submit", type="primary"):
        ui.act(decisions.decide, success=ui.T("review.decide.done"), rerun=True, idea_id=idea_id,
               campaign_id=campaign_id, counts=counts, votes=None if counts else chosen, number=number,
               decided_on=decided_on, scope=scope, reason=reason,
               after=lambda decision: st.session_state.update({f"decided_last_{campaign_id}": decision.id}))


def documents_section(campaign_id: int) -> None:
    minutes = st.toggle(ui.T("review.docs.prepare_minutes"), key="docs_minutes")
    data = ui.read(view.documents, lang=ui.lang(), campaign_id=campaign_id,
                   certificate_id=st.session_state.get("docs_certificate"), minutes=minutes)
    ui.table(data.table, column_config=headings(data.table), key="council_documents",
             phone=view.KEY_COLUMNS["documents"])
    if data.certificates:  # the view has already read the chosen certificate (the first one at first)
        ui.pick("review.docs.certificate", data.certificates, "docs_certificate")
    if data.refusal:
        st.warning(data.refusal)  # markup-checked: a translated message with the settings page's address
    for download in data.downloads:
        st.download_button(ui.T(download.label_key), download.payload, file_name=download.file_name,
                           key=download.key)


def main() -> None:
    user = ui.require_user()
    ui.page_header("review.council.title", "review.council.help")
    campaigns = ui.read(view.campaigns, lang=ui.lang())
    if not campaigns:
        st.info(ui.T("review.council.no_campaigns"))
        st.stop()
    campaign_id = ui.pick("review.col.campaign", campaigns, "council_campaign")
    try:
        overview = ui.read(view.overview, lang=ui.lang(), campaign_id=campaign_id)
    except DomainError as error:
        ui.show_error(error)
        st.stop()
    if overview.note:
        st.caption(ui.plain(overview.note))
    if overview.council_id is None:
        st.info(ui.T("review.council.none"))
        if user.has("secretary", "admin"):
            name = st.text_input(ui.T("review.council.name"), key="council_new_name")
            decision_ref = st.text_input(ui.T("review.council.decision_ref"), key="council_new_ref")
            if st.button(ui.T("review.council.create"), key="council_create", type="primary"):
                ui.act(councils.create_council, success=ui.T("review.council.created"), rerun=True,
                       campaign_id=campaign_id, name=name, decision_ref=decision_ref)
        st.stop()
    st.text(overview.council_name)  # typed by the secretary: never markdown

    # One section at a time (not tabs): Streamlit runs every tab's code, and each section has its own queries.
    sections = {"board": lambda: board_section(user, overview),
                "members": lambda: members_section(user, overview.council_id),
                "assign": lambda: assign_section(user, overview, campaign_id),
                "decide": lambda: decide_section(user, overview, campaign_id),
                "documents": lambda: documents_section(campaign_id)}
    if ui.link_param("step") in ("decide", "votes") and st.session_state.get("_link_step") != ui.link_param("idea"):
        st.session_state["_link_step"] = ui.link_param("idea")  # a link to a decision opens that section once
        st.session_state["council_section"] = "decide"
    section = st.radio(ui.T("review.council.section"), list(sections), horizontal=True, key="council_section",
                       format_func=lambda v: ui.T(f"review.council.tab_{v}"), label_visibility="collapsed")
    sections[section]()


main()
