"""Streamlit glue shared by the pages: cached database, language, current user, errors, flashes, shared widgets."""
from __future__ import annotations

import functools
import gc
import os
import re
import sys
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, is_dataclass
from typing import Any

import streamlit as st
from sqlalchemy import event
from sqlalchemy.orm import Session

from ideas.accounts import sessions, users
from ideas.core import focus_style, settings
from ideas.core.db import Database, database_url
from ideas.core.errors import DomainError
from ideas.core.i18n import DEFAULT_LANGUAGE, LANGUAGES, error_text, fmt_number, t
from ideas.core.migrate import upgrade
from ideas.core.models import User
from ideas.core.permissions import grants
from ideas.core.text import unlink

SESSION_COOKIE = sessions.SESSION_COOKIE  # __Host- prefixed on HTTPS: read it through sessions.cookie_name
_MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation mark (CommonMark escapes)
TOKEN_KEY = "auth_token"


@st.cache_resource(show_spinner=False)
def _database(url: str) -> Database:
    database = Database(url)
    upgrade(database)
    return database


def db() -> Database:
    """The process-wide database for DATABASE_URL, upgraded to the newest schema on first use."""
    return _database(database_url(os.environ.get("DATABASE_URL")))


# ---------------------------------------------------------------- garbage collection

_freeze_lock = threading.Lock()
_modules_frozen = 0


def freeze_imported_modules() -> None:
    """Keep the full garbage collection Streamlit runs after every script run cheap.

    Streamlit calls gc.collect(2) after each run (`runner.postScriptGC`), under the GIL. A full collection
    walks every tracked object of the process, and the imported modules (streamlit, pandas, pyarrow,
    SQLAlchemy, altair, ...) are about 220,000 of them: 100-250 ms of CPU per click, a third of the server's
    time in the load run (docs/BENCHMARKS.md, Capacity). Whenever new modules have been imported since the
    last time, what is alive is moved to the collector's permanent generation (gc.freeze), which later
    collections skip; reference counting still frees those objects.
    """
    global _modules_frozen
    if len(sys.modules) == _modules_frozen or not _freeze_lock.acquire(blocking=False):
        return
    try:
        _modules_frozen = len(sys.modules)
        gc.collect()
        gc.freeze()
    finally:
        _freeze_lock.release()


# ---------------------------------------------------------------- language


def lang() -> str:
    value = st.session_state.get("lang", DEFAULT_LANGUAGE)
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def T(key: str, **params: object) -> str:  # short on purpose, used everywhere in pages
    return t(key, lang(), **params)


_DOCUMENT_LANGUAGE = ('<span class="sk-shell"></span><script>'
                      '(window.parent || window).document.documentElement.lang = "{lang}";</script>')


def page_shell() -> None:
    """On every run: the page's CSS (every file of ideas/static_css, in name order) and <html lang> set to the
    reader's language (the middleware serves lang="vi"; Streamlit's own strings follow it, frontend_locale)."""
    # The span: a style-only st.html block does not stay on the page. The files are read once per process.
    st.html('<span class="sk-shell"></span>' + focus_style.STYLE)  # markup-checked: our own CSS files
    st.html(_DOCUMENT_LANGUAGE.replace("{lang}", lang()),  # markup-checked: our script; lang is "vi" or "en"
            unsafe_allow_javascript=True)


def language_picker() -> None:
    labels = {"vi": "Tiếng Việt", "en": "English"}
    selectbox(T("core.language"), LANGUAGES, format_func=labels.get, key="lang", container=st.sidebar)


# ---------------------------------------------------------------- current user


@dataclass(frozen=True)
class CurrentUser:
    """A detached snapshot of the signed-in user for this script run."""

    id: int
    username: str
    full_name: str
    unit_id: int | None
    roles: frozenset[str]
    must_change_password: bool

    def has(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))


def session_token() -> str | None:
    """The token of this browser tab (set at login) or the HttpOnly cookie (after a reload)."""
    token = st.session_state.get(TOKEN_KEY)
    if token:
        return token
    try:
        cookie = st.context.cookies.get(sessions.cookie_name(SESSION_COOKIE))
    except Exception:  # noqa: BLE001 - no request context (bare script run)
        return None
    return cookie if isinstance(cookie, str) else None


class _WriteNeeded(Exception):
    """resolve_session wants to write (activity older than a minute, or an idle timeout): redo it in a write."""


def _refuse_writes(*_args: object) -> None:
    raise _WriteNeeded


@dataclass(frozen=True)
class Arrival:
    """What every run of the router needs, read in one unit of work: whether the first administrator exists, the
    signed-in user (None when signed out, idle too long or revoked), the pages of their menu and their unread
    count."""

    has_admin: bool
    user: CurrentUser | None = None
    menu: tuple = ()
    unread: int = 0


def arrive() -> Arrival:
    """Resolve this run's arrival in ONE read-only unit of work (docs/BENCHMARKS.md, CPU per click).

    Every click runs the router: four units of work (first-run check, session, unread badge, menu), each with its
    own transaction and its own load of the user, were a third of what an empty page cost. A write transaction here
    (BEGIN IMMEDIATE on SQLite) would make every click of every user queue for the database's one write lock, so
    only when the session must record activity (at most once a minute) or end for idleness is it resolved again
    in a write transaction.
    """
    return _read_unless_writing(_arrival)


def _read_unless_writing(resolve: Callable[[Session], Any]) -> Any:
    """`resolve(session)` in a read-only unit of work, or again in a write transaction when it must write."""
    try:
        with db().read_session() as session:
            event.listen(session, "before_flush", _refuse_writes)
            return resolve(session)
    except _WriteNeeded:
        pass
    with db().session() as session:
        return resolve(session)


def _snapshot(session: Session, user: User) -> CurrentUser:
    roles = frozenset(g.role for g in grants(session, user))
    return CurrentUser(user.id, user.username, user.full_name, user.unit_id, roles, user.must_change_password)


def _arrival(session: Session) -> Arrival:
    from ideas.accounts import inbox
    from ideas.core import navigation

    if not users.has_admin(session):
        return Arrival(has_admin=False)
    token = session_token()
    user = sessions.resolve_session(session=session, token=token) if token else None
    if user is None:
        if token:
            _session_ended(session, token)
        return Arrival(has_admin=True)
    current = _snapshot(session, user)
    if user.must_change_password:
        return Arrival(True, current)
    return Arrival(True, current, tuple(navigation.menu(session=session, actor=user)),
                   inbox.unread(session=session, actor=user))


def _session_ended(session: Session, token: str) -> None:
    st.session_state.pop(TOKEN_KEY, None)
    reason = sessions.why_ended(session=session, token=token)  # what the login page says
    st.session_state["session_ended"] = reason and (reason, settings.get_int(session, "auth.idle_timeout_minutes"))


def show_error(error: Exception) -> None:
    """A domain error in the reader's language; names put into the message stay plain text."""
    st.error(error_text(error, lang(), escape=plain))


@dataclass(frozen=True)
class Outcome:
    """What one user action gave: truthy when it succeeded, with the service's return value or the error."""

    ok: bool
    value: Any = None
    error: DomainError | None = None

    def __bool__(self) -> bool:
        return self.ok


def actor(session: Session) -> User:
    """The signed-in person as the ORM User inside `session` (what services take as `actor`)."""
    return users.get_user(session, require_user().id)


def act(service: Callable[..., Any], /, *, success: str | None = None, rerun: bool = False,
        after: Callable[[Any], None] | None = None, **kwargs: Any) -> Outcome:
    """Run one service as the signed-in user in one write transaction: `service(session=, actor=, **kwargs)`.

    A DomainError rolls everything back and is shown translated where the action was taken. On success the
    `success` text is flashed, `after(value)` runs (e.g. to keep a report for the next run) and, with
    `rerun`, the page runs again so that it shows the new state: the one act-and-rerun of every page.
    """
    try:
        with db().session() as session:
            value = service(session=session, actor=actor(session), **kwargs)
    except DomainError as error:
        show_error(error)
        return Outcome(False, error=error)
    if success:
        flash(success)
    if after is not None:
        after(value)
    if rerun:
        st.rerun()
    return Outcome(True, value)


def act_button(label: str, service: Callable[..., Any], /, *, key: str, success: str | None = None,
               after: Callable[[Any], None] | None = None, typed: Callable[[], dict[str, Any]] | None = None,
               container: Any = st, button: dict[str, Any] | None = None, **kwargs: Any) -> Outcome | None:
    """A button whose action runs in its callback, before the page is drawn: the page then shows the new state in
    the same run, where `act(..., rerun=True)` drew the page, acted and drew it all again (twice the CPU of a click,
    docs/BENCHMARKS.md, CPU per click).

    `kwargs` are the service's arguments as the person saw them when the button was drawn; `typed()` gives those
    typed with the press, read from the widgets' state when the button is pressed (a callback runs before the
    page, so the widgets' return values are not there yet). The callback checks the
    session as the router does (a revoked or idle session acts on nothing). A refusal is shown under the button.
    Returns the Outcome when this run followed a press of the button, else None.
    """
    container.button(label, key=key, on_click=_act_in_callback,  # markup-checked: callers pass T() or ui.plain
                     args=(key, service, success, after, typed, kwargs), **(button or {}))
    return acted(key)


def act_now(key: str, service: Callable[..., Any], /, *, success: str | None = None,
            after: Callable[[Any], None] | None = None, **kwargs: Any) -> None:
    """`act_button`'s press, for a page's own button callback (which first gathers what the widgets hold): the
    service runs before the page is drawn, after the router's session check; `acted(key)` then gives the outcome."""
    _act_in_callback(key, service, success, after, None, kwargs)


def acted(key: str, *, show: bool = True) -> Outcome | None:
    """The outcome of this run's press of `key` (act_button, act_now), its refusal shown here unless not `show`."""
    outcome = st.session_state.pop(f"_acted_{key}", None)
    if show and outcome is not None and outcome.error is not None:
        show_error(outcome.error)
    return outcome


def _act_in_callback(key: str, service: Callable[..., Any], success: str | None,
                     after: Callable[[Any], None] | None, typed: Callable[[], dict[str, Any]] | None,
                     kwargs: dict[str, Any]) -> None:
    user = signed_in()
    if user is None:  # the router then shows why (signed out, idle, revoked)
        return
    st.session_state["user"] = user
    values = typed() if typed is not None else {}
    try:
        with db().session() as session:
            value = service(session=session, actor=actor(session), **kwargs, **values)
    except DomainError as error:
        st.session_state[f"_acted_{key}"] = Outcome(False, error=error)
        return
    if success:
        flash(success)
    if after is not None:
        after(value)
    st.session_state[f"_acted_{key}"] = Outcome(True, value)


def signed_in() -> CurrentUser | None:
    """Only the session check (no menu, no badge): for an action run before the router, in a button's callback."""
    token = session_token()
    if not token:
        return None

    def resolved(session: Session) -> CurrentUser | None:
        user = sessions.resolve_session(session=session, token=token)
        return None if user is None or user.must_change_password else _snapshot(session, user)

    return _read_unless_writing(resolved)


def fragment(section: Callable[..., Any]) -> Callable[..., Any]:
    """st.fragment for a section of a page: a widget inside it reruns only the section, not the router and the whole
    page (docs/BENCHMARKS.md, CPU per click). Such a rerun first checks the session as the router does: a signed-out,
    idle or revoked session reruns the whole app, which then shows why."""

    @st.fragment
    @functools.wraps(section)
    def checked(*args: Any, **kwargs: Any) -> Any:
        if _fragment_run():
            user = signed_in()
            if user is None:
                st.rerun()
            st.session_state["user"] = user
        return section(*args, **kwargs)

    return checked


def _fragment_run() -> bool:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return bool(ctx is not None and ctx.fragment_ids_this_run)


def read(view: Callable[..., Any], /, **kwargs: Any) -> Any:
    """Run one read-only view as the signed-in user: `view(session=, actor=, **kwargs)`."""
    with db().read_session() as session:
        return view(session=session, actor=actor(session), **kwargs)


def flash(message: str, kind: str = "success") -> None:
    st.session_state.setdefault("_flashes", []).append((kind, message))


def show_flashes() -> None:
    """Messages of the last action: successes as a toast (seen wherever the page is scrolled), others inline."""
    for kind, message in st.session_state.pop("_flashes", []):
        if kind == "success":
            st.toast(message, icon=":material/check_circle:")  # markup-checked: the lint checks ui.act(success=)
        else:
            getattr(st, kind)(message)


def num(value: float | int | None, digits: int = 0) -> str:
    """A number the way the reader writes it (vi: 2.340.000 and 78,2)."""
    return fmt_number(value, lang(), digits)


def plain(text: object) -> str:
    """User text made safe for a widget label (labels render markdown): every punctuation mark escaped, and
    bare URLs and e-mail addresses kept from becoming links (`ideas.core.text.unlink`)."""
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", unlink(text))


def page_header(title_key: str, help_key: str | None = None) -> None:
    st.title(T(title_key))
    if help_key:
        st.caption(T(help_key))
    show_flashes()


def require_user() -> CurrentUser:
    user = st.session_state.get("user")
    if user is None:
        st.stop()
    return user


# ---------------------------------------------------------------- shared widgets

CHOOSE_ONE = "core.choose_option"  # the one placeholder of every selectbox (Streamlit's own is English)
CHOOSE_MANY = "core.choose_options"  # the one placeholder of every multiselect


def _always_text(kwargs: dict) -> dict:
    """format_func always gives text: a forged widget value (not among the options, sent by a hand-made websocket
    message) made `dict.get` answer None, and Streamlit's serialiser then failed the page with a TypeError. The
    value itself still reaches the service, which refuses it."""
    given = kwargs.get("format_func")
    if given is not None:
        def formatted(value: Any) -> str:
            label = given(value)
            return "" if label is None else str(label)

        kwargs["format_func"] = formatted
    return kwargs


def selectbox(label: str, options: Any, /, *, container: Any = st, **kwargs: Any) -> Any:
    """st.selectbox (in `container`: a column, the sidebar...) with the one default placeholder."""
    kwargs.setdefault("placeholder", T(CHOOSE_ONE))
    return container.selectbox(label, options, **_always_text(kwargs))  # markup-checked: callers pass T() or ui.plain


def multiselect(label: str, options: Any, /, *, container: Any = st, **kwargs: Any) -> Any:
    """st.multiselect (in `container`) with the one default placeholder."""
    kwargs.setdefault("placeholder", T(CHOOSE_MANY))
    return container.multiselect(label, options, **_always_text(kwargs))  # markup-checked: callers pass T() or ui.plain


def pick(label_key: str, options: dict, key: str | None, /, *, container: Any = st, **kwargs: Any) -> Any:
    """A selectbox over {value: label}: shows the labels, gives the value; the default placeholder built in."""
    return selectbox(T(label_key), list(options), format_func=options.get, key=key, container=container, **kwargs)


def link_param(name: str) -> str | None:
    """A deep-link query parameter of this page's address (`idea`, `list`, `campaign`, `step`; ideas.core.links)."""
    value = st.query_params.get(name)
    return value if isinstance(value, str) and value else None


def follow_link(key: str, param: str, linked: Any) -> None:
    """Before the picker `key` is drawn: when the address names a value it did not name on the last run (a link
    just followed, Back, a reload), preselect it (a view checked it: `linked` is an ideas.core.links.Linked) or
    say why it cannot be opened. A picker changed by hand is left alone: `keep_in_link` writes it to the address."""
    raw = link_param(param)
    if raw is None or (st.session_state.get(f"_link_{key}") == raw and key in st.session_state):
        return
    st.session_state[f"_link_{key}"] = raw
    if linked.message:
        st.warning(plain(linked.message))  # the message quotes the address as typed
    if linked.value is not None:
        st.session_state[key] = linked.value


def keep_in_link(key: str, param: str, value: Any) -> None:
    """After the picker `key`: the address names what it shows, so that Back, a reload or a copied link return to
    it."""
    text = None if value is None else str(value)
    st.session_state[f"_link_{key}"] = text
    if text is None:
        st.query_params.pop(param, None)
    elif st.query_params.get(param) != text:
        st.query_params[param] = text


PHONE_WIDTH = 640  # px: at or below, a table with `phone` columns shows only those (one screen wide, no scrolling)
_PHONE_CSS = (f"<style>@media (max-width: {PHONE_WIDTH}px) {{ [class*='st-key-table_wide_'] {{ display: none; }} }}"
              f"@media (min-width: {PHONE_WIDTH + 1}px) {{ [class*='st-key-table_phone_'] {{ display: none; }} }}"
              "</style>")


def table(rows: Any, /, *, caption_key: str | None = None, empty_key: str | None = None, hide_empty: bool = False,
          container: Any = st, phone: dict[str, int] | None = None, key: str | None = None, **kwargs: Any) -> bool:
    """The one table: its caption, what no rows means, then the rows as plain text; True when it has rows.

    `rows` is a DataFrame, a list of dicts or dataclasses, or None (a view's "nothing to show": no table at all).
    `phone` gives the key columns (title, status, deadline, decision, amount) with their widths in px that a phone
    shows instead of the whole table (CSS on the window's width picks one of the two; `key` names them; 358 px
    fit beside each other on a 390 px phone). Other keyword arguments
    (column_config, column_order, height...) go to st.dataframe.
    """
    if rows is None:
        return False
    if isinstance(rows, list) and rows and is_dataclass(rows[0]):
        rows = [asdict(row) for row in rows]
    empty = len(rows) == 0
    if caption_key:
        container.caption(T(caption_key))
    if empty and empty_key:
        container.caption(T(empty_key))
    if not (empty and hide_empty):
        _both_widths(rows, container, phone, key, kwargs)
    return not empty


SELECT_COLUMN = 32  # px: the row picker's checkbox column, before the phone's key columns
PICKED_ROW_PHONE = {"title": 170, "status": 156}  # a list of files on a phone: which file, where it stands


def picked_row(rows: Any, /, *, key: str, phone: dict[str, int], **kwargs: Any) -> int | None:
    """A table whose rows open with a click, at both widths (`table`'s phone columns): the position of the row
    clicked in either table, or None."""
    events = _both_widths(rows, st, phone, key, {**kwargs, "on_select": "rerun", "selection_mode": "single-row"})
    for shown in events:
        chosen = shown.selection.rows if shown is not None and hasattr(shown, "selection") else []
        if chosen:
            return chosen[0]
    return None


def _both_widths(rows: Any, container: Any, phone: dict[str, int] | None, key: str | None,
                 kwargs: dict[str, Any]) -> list[Any]:
    """The table, and with `phone` a second one of the key columns alone that CSS shows instead on a phone."""
    kwargs.setdefault("hide_index", True)
    kwargs.setdefault("width", "stretch")
    kwargs["column_config"] = _numbers_right(rows, kwargs.get("column_config"))
    if not phone:
        return [container.dataframe(rows, **kwargs)]
    container.html(_PHONE_CSS)  # markup-checked: our constant CSS, no user text
    selectable = "on_select" in kwargs  # a row picked in either table: each needs a key of its own
    config = kwargs.get("column_config") or {}
    narrow = {**kwargs, "column_order": list(phone),
              "column_config": {name: _phone_column(config.get(name), name, px) for name, px in phone.items()}}
    return [container.container(key=f"table_{width}_{key}").dataframe(
                rows, **shown, key=f"{key}_{width}" if selectable else None)
            for width, shown in (("wide", kwargs), ("phone", narrow))]


# A cell a view wrote as a Vietnamese number ("2.340.000", "78,2", "21,4%", "710.000 đ", "—" or blank).
_SHOWN_NUMBER = re.compile(r"^(?:[−-]?\d{1,3}(?:\.\d{3})*(?:,\d+)?(?: ?%| đ)?|—|)$")


def _numbers_right(rows: Any, config: dict | None) -> dict | None:
    """Columns of numbers that views preformat as text (Vietnamese separators, which the grid cannot draw)
    aligned right like numbers, so that figures line up by their units."""
    import pandas as pd

    if not isinstance(rows, pd.DataFrame) or rows.empty:
        return config
    config = dict(config or {})
    for name in rows.columns:
        values = rows[name].dropna()
        if values.dtype != object and not pd.api.types.is_string_dtype(values):
            continue
        if not values.map(lambda v: isinstance(v, str) and bool(_SHOWN_NUMBER.match(v))).all() or not (
                values.map(lambda v: any(c.isdigit() for c in str(v)))).any():
            continue
        setting = config.get(name, name)
        if setting is None:  # hidden
            continue
        if isinstance(setting, str):
            config[name] = st.column_config.Column(setting, alignment="right")  # markup-checked: caller's heading
        elif isinstance(setting, dict) and not setting.get("alignment"):
            config[name] = {**setting, "alignment": "right"}
    return config or None


def _phone_column(setting: Any, name: str, width: int) -> dict:
    """A column's setting on a phone: its heading and type, the phone's width, never pinned."""
    if isinstance(setting, dict):
        return {**setting, "width": width, "pinned": False}
    heading = setting if isinstance(setting, str) else name  # the caller's heading, already checked where it is given
    return st.column_config.Column(heading, width=width)  # markup-checked: the caller's heading (see above)


# ---------------------------------------------------------------- deep links (ideas.core.targets)


def work_link(target: Any, /, *, container: Any = st) -> None:
    """The one way to draw a link to the exact file and action: a view's `Link(page, label, params, due, overdue)`.

    The label is ours (a translation, file numbers and titles escaped by the view's caller through `plain`);
    the due date follows, marked when it has passed.
    """
    label = plain(target.label)
    if target.due:
        due = T("worklist.due_overdue" if target.overdue else "worklist.due", date=target.due)
        label = f"{label} · {plain(due)}"
    from streamlit.errors import StreamlitAPIException

    try:
        container.page_link(target.page, label=label,  # markup-checked: plain() above; the page is a path
                            icon=target.icon, query_params=target.params or None)
    except StreamlitAPIException:  # a page outside this person's menu (the views leave those out): say, not crash
        container.text(target.label)


def open_link(target: Any, /) -> None:
    """Go to a Link's page with its query parameters (after an action, e.g. opening an inbox message)."""
    st.switch_page(target.page, query_params=target.params or None)


def target_param(name: str) -> int | None:
    """An id from the page's deep link (`?idea=`, `?list=`, `?campaign=`), None when absent or malformed."""
    from ideas.core import targets

    return targets.query_id(st.query_params, name)


def target_once(name: str, key: str) -> int | None:
    """The deep link's id on the first run of each arrival at the page (a link followed, Back), then None until the
    person arrives again or the link changes: they may choose another file on the page without the link taking it
    back."""
    value = target_param(name)
    seen = (st.session_state.get("_page_visit", 0), value)
    if value is None or st.session_state.get(key) == seen:
        return None
    st.session_state[key] = seen
    return value
