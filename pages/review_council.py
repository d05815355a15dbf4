"""Council: members and roles, assignment, the score board with calibration, the chair's decisions, documents."""
import datetime as dt

import pandas as pd
import streamlit as st

import ui
from ideas.core.i18n import fmt_date, fmt_number
from ideas.review import councils, decisions, documents, scoring

user = ui.require_user()
ui.page_header("review.council.title", "review.council.help")

with ui.db().read_session() as session:
    campaigns = councils.campaigns_frame(session)
if campaigns.empty:
    st.info(ui.T("review.council.no_campaigns"))
    st.stop()

labels = {int(r.id): f"{r.name} ({r.year})" for r in campaigns.itertuples()}
campaign_id = st.selectbox(ui.T("review.col.campaign"), list(labels), format_func=labels.get, key="council_campaign")
campaign_row = campaigns[campaigns.id == campaign_id].iloc[0]
higher = campaign_row["kind"] == "higher_scope"
if higher:
    st.caption(ui.T("review.council.higher_scope_note", scope=ui.T(f"review.scope.{campaign_row['target_scope']}")))

with ui.db().read_session() as session:
    council = councils.council_for_campaign(session, campaign_id)
    council_id = council.id if council else None
    council_name = council.name if council else None

if council_id is None:
    st.info(ui.T("review.council.none"))
    if user.has("secretary", "admin"):
        name = st.text_input(ui.T("review.council.name"), key="council_new_name")
        ref = st.text_input(ui.T("review.council.decision_ref"), key="council_new_ref")
        if st.button(ui.T("review.council.create"), type="primary", key="council_create"):
            if ui.run(lambda s: councils.create_council(session=s, actor=ui.load_actor(s, user),
                                                        campaign_id=campaign_id, name=name, decision_ref=ref),
                      success=ui.T("review.council.created")):
                st.rerun()
    st.stop()

st.text(council_name)  # typed by the secretary: never markdown


@st.cache_data(ttl=600, max_entries=32, show_spinner=False)
def board_and_agreement(database_url: str, signature: tuple):  # noqa: ANN201
    """The board and agreement figures (calibration over the whole campaign), recomputed only when a score,
    vote or decision changes: the signature is part of the cache key."""
    with ui.db().read_session() as session:
        return decisions.board(session, signature[0]), decisions.campaign_agreement(session, signature[0])


with ui.db().read_session() as session:
    members = councils.members_frame(session, council_id)
    actor = ui.load_actor(session, user)
    try:
        decisions.require_board_access(session, actor=actor, campaign_id=campaign_id)
    except Exception as error:  # noqa: BLE001 - a DomainError shown translated
        ui.show_error(error)
        st.stop()
    signature = decisions.board_signature(session, campaign_id)
    decided = decisions.decisions_frame(session, campaign_id)
board, agreement = board_and_agreement(ui.db().url, signature)

# One section at a time (not tabs): Streamlit runs every tab's code, and each section has its own queries.
sections = ["board", "members", "assign", "decide", "documents"]
section = st.radio(ui.T("review.council.section"), sections, horizontal=True, key="council_section",
                   format_func=lambda v: ui.T(f"review.council.tab_{v}"), label_visibility="collapsed")

if section == "members":
    roles = list(councils.MEMBER_ROLES)
    shown_members = members.assign(role=[ui.T(f"review.role.{r}") for r in members.role])
    st.dataframe(shown_members[["full_name", "username", "role"]], hide_index=True, width="stretch",
                 column_config={"full_name": ui.T("review.col.member"), "username": ui.T("review.col.username"),
                                "role": ui.T("review.col.role")})
    if user.has("secretary", "admin"):
        search = st.text_input(ui.T("review.council.search_user"), key="council_search")
        with ui.db().read_session() as session:
            found = councils.find_users(session, search) if search else None
        if found is not None and not found.empty:
            people = {int(r.id): f"{r.full_name} ({r.username})" for r in found.itertuples()}
            person = st.selectbox(ui.T("review.col.member"), list(people), format_func=people.get,
                                  key="council_person")
            role = st.selectbox(ui.T("review.col.role"), roles, format_func=lambda r: ui.T(f"review.role.{r}"),
                                key="council_role", index=roles.index("member"))
            if st.button(ui.T("review.council.save_member"), key="council_save_member"):
                if ui.run(lambda s: councils.set_member(session=s, actor=ui.load_actor(s, user),
                                                        council_id=council_id, user_id=person, role=role),
                          success=ui.T("review.council.saved")):
                    st.rerun()
        if not members.empty:
            current = {int(r.user_id): r.full_name for r in members.itertuples()}
            leaving = st.selectbox(ui.T("review.council.remove_pick"), list(current), format_func=current.get,
                                   key="council_remove_pick")
            if st.button(ui.T("review.council.remove"), key="council_remove"):
                if ui.run(lambda s: councils.remove_member(session=s, actor=ui.load_actor(s, user),
                                                           council_id=council_id, user_id=leaving),
                          success=ui.T("review.council.saved")):
                    st.rerun()

open_ideas = board[board.status == "under_review"] if not board.empty else board
idea_labels = {int(r.idea_id): f"{r.receipt_no or '#' + str(r.idea_id)} — {r.title}" for r in open_ideas.itertuples()}

if section == "assign":
    if higher or not idea_labels:
        st.info(ui.T("review.assign.none"))
    else:
        idea_id = st.selectbox(ui.T("review.col.title"), list(idea_labels), format_func=idea_labels.get,
                               key="assign_idea")
        with ui.db().read_session() as session:
            current = scoring.assignments_frame(session, [idea_id])
            conflicts = councils.conflicts_frame(session, [idea_id])
        if not current.empty:
            # an active assignment with a score sheet is done (the reviewer may still edit it until the decision)
            status = [ui.T("review.queue.state_done") if code == "active" and pd.notna(total)
                      else ui.T(f"review.assignment.{code}")
                      for code, total in zip(current.status, current.total, strict=True)]
            due = [fmt_date(d, ui.lang()) if pd.notna(d) else "" for d in current.due_on]
            st.dataframe(current.assign(status=status, due_on=due)
                         [["reviewer", "status", "due_on", "total"]], hide_index=True, width="stretch",
                         column_config={"reviewer": ui.T("review.col.member"), "status": ui.T("review.col.status"),
                                        "due_on": ui.T("review.col.due"), "total": ui.T("review.col.total")})
        if not conflicts.empty:
            st.caption(ui.T("review.assign.conflicts"))
            st.dataframe(conflicts[["full_name", "reason"]], hide_index=True, width="stretch",
                         column_config={"full_name": ui.T("review.col.member"),
                                        "reason": ui.T("review.conflict.reason")})
        modes = ["balanced", "all"]
        mode = st.radio(ui.T("review.assign.mode"), modes, format_func=lambda m: ui.T(f"review.assign.mode_{m}"),
                        key="assign_mode", horizontal=True)
        count = st.number_input(ui.T("review.assign.count"), min_value=1, max_value=20, step=1,
                                value=3, key="assign_count") if mode == "balanced" else None
        due_on = st.date_input(ui.T("review.col.due"), value=dt.date.today() + dt.timedelta(days=21),
                               key="assign_due", format="DD/MM/YYYY")
        if st.button(ui.T("review.assign.submit"), type="primary", key="assign_submit"):
            if ui.run(lambda s: scoring.assign(session=s, actor=ui.load_actor(s, user), idea_id=idea_id, mode=mode,
                                              count=int(count) if count else None, due_on=due_on),
                      success=ui.T("review.assign.done")):
                st.rerun()

if section == "board":
    alpha = agreement["alpha"]
    left, right = st.columns(2)
    left.metric(ui.T("review.board.alpha"), "—" if alpha is None else fmt_number(alpha, ui.lang(), 2))
    right.metric(ui.T("review.board.icc"), "—" if agreement["icc1"] is None
                 else fmt_number(agreement["icc1"], ui.lang(), 2))
    st.caption(ui.T("review.board.alpha_help"))
    if board.empty:
        st.info(ui.T("review.board.empty"))
    else:
        flagged = int(board["disagreement"].sum())
        if flagged:
            st.warning(ui.T("review.board.flagged", count=flagged))
        shown = board.assign(
            decision=[ui.T(f"review.status.{d}") if isinstance(d, str) else "" for d in board.decision],
            disagreement=[ui.T("review.board.discuss") if d else "" for d in board.disagreement])
        st.dataframe(shown[["receipt_no", "title", "n", "mean", "calibrated_mean", "median", "std", "range",
                            "novelty_mean", "disagreement", "votes_for", "votes_against", "decision"]],
                     hide_index=True, width="stretch",
                     column_config={
                         "receipt_no": ui.T("review.col.receipt"), "title": ui.T("review.col.title"),
                         "n": ui.T("review.col.n"),
                         "mean": st.column_config.NumberColumn(ui.T("review.col.mean"), format="%.2f"),
                         "calibrated_mean": st.column_config.NumberColumn(ui.T("review.col.calibrated"),
                                                                          format="%.2f"),
                         "median": st.column_config.NumberColumn(ui.T("review.col.median"), format="%.2f"),
                         "std": st.column_config.NumberColumn(ui.T("review.col.std"), format="%.2f"),
                         "range": st.column_config.NumberColumn(ui.T("review.col.range"), format="%.2f"),
                         "novelty_mean": st.column_config.NumberColumn(ui.T("review.col.novelty"), format="%.2f"),
                         "disagreement": ui.T("review.col.disagreement"), "votes_for": ui.T("review.col.for"),
                         "votes_against": ui.T("review.col.against"), "decision": ui.T("review.col.decision")})
        st.caption(ui.T("review.board.calibration_help"))

if section == "decide":
    if higher:
        with ui.db().read_session() as session:
            candidates = decisions.higher_scope_candidates(session, actor=ui.load_actor(session, user),
                                                           campaign_id=campaign_id)
        st.caption(ui.T("review.higher.candidates"))
        st.dataframe(candidates.assign(scope=[ui.T(f"review.scope.{s}") for s in candidates.scope])
                     [["title", "unit", "scope", "replications"]], hide_index=True, width="stretch",
                     column_config={"title": ui.T("review.col.title"), "unit": ui.T("review.col.unit"),
                                    "scope": ui.T("review.col.scope"),
                                    "replications": ui.T("review.col.replications")})
        decided_ids = set(decided.idea_id) if not decided.empty else set()
        idea_labels = {int(r.idea_id): r.title for r in candidates.itertuples() if r.idea_id not in decided_ids}
    if not idea_labels:
        st.info(ui.T("review.decide.none"))
    elif not user.has("chair"):
        st.info(ui.T("review.decide.chair_only"))
    else:
        idea_id = st.selectbox(ui.T("review.col.title"), list(idea_labels), format_func=idea_labels.get,
                               key="decide_idea")
        if higher:
            with ui.db().read_session() as session:
                evidence = decisions.replications_frame(session, idea_id)
            st.caption(ui.T("review.higher.evidence"))
            st.dataframe(evidence, hide_index=True, width="stretch")
        with ui.db().read_session() as session:
            votes = decisions.votes_frame(session, idea_id, council_id)
        choices = ["", *decisions.VOTES]
        chosen = {}
        cols = st.columns(3)
        for i, row in enumerate(votes.itertuples()):
            current = row.vote if isinstance(row.vote, str) else ""
            chosen[int(row.member_id)] = cols[i % 3].selectbox(
                f"{ui.plain(row.full_name)} ({ui.T(f'review.role.{row.role}')})", choices, index=choices.index(current),
                format_func=lambda v: ui.T(f"review.vote.{v or 'none'}"), key=f"vote_{idea_id}_{row.member_id}")
        if st.button(ui.T("review.decide.save_votes"), key="decide_save_votes"):
            changed = {m: v for m, v in chosen.items()
                       if v != (votes.set_index("member_id").vote.get(m) or "") and v is not None}
            if ui.run(lambda s: decisions.record_votes(session=s, actor=ui.load_actor(s, user), idea_id=idea_id,
                                                       votes=changed, campaign_id=campaign_id),
                      success=ui.T("review.decide.votes_saved")):
                st.rerun()
        use_counts = st.toggle(ui.T("review.decide.use_counts"), key="decide_use_counts")
        counts = None
        if use_counts:
            c1, c2, c3 = st.columns(3)
            counts = {"for": c1.number_input(ui.T("review.col.for"), min_value=0, step=1, key="decide_for"),
                      "against": c2.number_input(ui.T("review.col.against"), min_value=0, step=1,
                                                 key="decide_against"),
                      "present": c3.number_input(ui.T("review.decide.present"), min_value=0, step=1,
                                                 key="decide_present")}
        with ui.db().read_session() as session:
            try:
                result = decisions.preview(session, actor=ui.load_actor(session, user), idea_id=idea_id,
                                           campaign_id=campaign_id, counts=counts)
            except Exception as error:  # noqa: BLE001 - a DomainError shown translated
                ui.show_error(error)
                result = None
        if result:
            ev = result["evaluation"]
            figures, rule = result["figures"], result["rule"]
            mean = "—" if figures["mean"] is None else fmt_number(figures["mean"], ui.lang(), 2)
            novelty = "—" if figures["novelty_mean"] is None else fmt_number(figures["novelty_mean"], ui.lang(), 2)
            lines = [
                (ev.checks["mean"], ui.T("review.check.mean", value=mean, min=rule["min_mean"])),
                (ev.checks["novelty"], ui.T("review.check.novelty", value=novelty,
                                            min=rule["novelty_min_exclusive"])),
                (ev.checks["quorum"], ui.T("review.check.quorum", present=result["votes"]["present"],
                                           required=ev.required_present, total=result["votes"]["total"])),
                (ev.checks["approval"], ui.T("review.check.approval", votes=result["votes"]["for"],
                                             required=ev.required_for, total=result["votes"]["total"])),
            ]
            for ok, text in lines:
                st.markdown((":green[✔] " if ok else ":red[✘] ") + text.replace("[", "(").replace("]", ")"))
            st.info(ui.T("review.decide.outcome_pass") if ev.passed else ui.T("review.decide.outcome_fail"))
        scopes = list(decisions.SCOPES)
        number = st.text_input(ui.T("review.decide.number"), key="decide_number")
        decided_on = st.date_input(ui.T("review.decide.date"), value=dt.date.today(), key="decide_date",
                                   format="DD/MM/YYYY")
        default_scope = scopes.index(campaign_row["target_scope"]) if higher else 0
        scope = st.selectbox(ui.T("review.col.scope"), scopes, index=default_scope,
                             format_func=lambda v: ui.T(f"review.scope.{v}"), key="decide_scope")
        reason = st.text_area(ui.T("review.decide.reason"), key="decide_reason")
        if st.button(ui.T("review.decide.submit"), type="primary", key="decide_submit"):
            if ui.run(lambda s: decisions.decide(session=s, actor=ui.load_actor(s, user), idea_id=idea_id,
                                                 number=number, decided_on=decided_on, scope=scope, reason=reason,
                                                 campaign_id=campaign_id, counts=counts),
                      success=ui.T("review.decide.done")):
                st.rerun()

if section == "documents":
    if not decided.empty:
        shown = decided.assign(outcome=[ui.T(f"review.status.{o}") for o in decided.outcome],
                               decided_on=[fmt_date(d, ui.lang()) for d in decided.decided_on],
                               scope=[ui.T(f"review.scope.{s}") if isinstance(s, str) else "" for s in decided.scope])
        st.dataframe(shown[["number", "decided_on", "title", "outcome", "scope", "mean", "votes_for",
                            "members_total", "certificate_no"]], hide_index=True, width="stretch",
                     column_config={"number": ui.T("review.decide.number"), "decided_on": ui.T("review.decide.date"),
                                    "title": ui.T("review.col.title"), "outcome": ui.T("review.col.decision"),
                                    "scope": ui.T("review.col.scope"), "mean": ui.T("review.col.mean"),
                                    "votes_for": ui.T("review.col.for"), "members_total": ui.T("review.col.members"),
                                    "certificate_no": ui.T("review.col.certificate")})
        certs = {int(r.certificate_id): f"{r.certificate_no} — {r.title}" for r in decided.itertuples()
                 if r.certificate_id == r.certificate_id and r.certificate_id is not None}
        if certs:
            cert_id = st.selectbox(ui.T("review.docs.certificate"), list(certs), format_func=certs.get,
                                   key="docs_certificate")
            with ui.db().read_session() as session:
                data = documents.certificate_docx(session=session, actor=ui.load_actor(session, user),
                                                         certificate_id=cert_id)
            st.download_button(ui.T("review.docs.download_certificate"), data, file_name=f"{certs[cert_id][:12]}.docx",
                               key="docs_certificate_download")
    if st.toggle(ui.T("review.docs.prepare_minutes"), key="docs_minutes"):
        with ui.db().read_session() as session:
            actor = ui.load_actor(session, user)
            docx_bytes = documents.minutes_docx(session=session, actor=actor, campaign_id=campaign_id)
            xlsx_bytes = documents.minutes_xlsx(session=session, actor=actor, campaign_id=campaign_id)
        st.download_button(ui.T("review.docs.minutes_docx"), docx_bytes, file_name=f"bien-ban-{campaign_id}.docx",
                           key="docs_minutes_docx")
        st.download_button(ui.T("review.docs.minutes_xlsx"), xlsx_bytes, file_name=f"bien-ban-{campaign_id}.xlsx",
                           key="docs_minutes_xlsx")
