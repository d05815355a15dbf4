"""E-mail texts: subject, plain body and an escaped HTML alternative, from the same locale keys as the inbox.

A message is rendered once, when it is queued, in the recipient's language; the outbox keeps what was sent.
Users have no stored language preference yet, so `recipient_language` answers Vietnamese for everyone.
"""
from __future__ import annotations

import datetime as dt
import html
import json
from dataclasses import dataclass
from urllib.parse import urlencode

from ideas.accounts.inbox import display_params
from ideas.core import targets
from ideas.core.i18n import DEFAULT_LANGUAGE, catalogue, fmt_date, fmt_datetime, fmt_number, t
from ideas.core.models import Notification, User


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def recipient_language(user: User) -> str:  # one place to change once users choose a language
    return DEFAULT_LANGUAGE


def idea_link(base_url: str, idea_id: int | None, target: str | None = None) -> str | None:
    """The address of the file and action a message is about (its stored target), else of its file."""
    link = targets.link(targets.decode(target), "")
    if link is not None:
        stem = link.page.removeprefix("pages/").removesuffix(".py")
        return f"{base_url.rstrip('/')}/{stem}?{urlencode(link.params)}"
    return f"{base_url.rstrip('/')}/ideas_detail?id={idea_id}" if idea_id else None


def account_link(base_url: str) -> str:
    return f"{base_url.rstrip('/')}/account"


def kind_label(kind: str, lang: str) -> str:
    """The notification kind in words; kinds added later without a label read as a plain "notification"."""
    key = f"mail.kind.{kind}"
    return t(key, lang) if key in catalogue(lang) or key in catalogue(DEFAULT_LANGUAGE) else t("mail.kind.other", lang)


def message_text(message_key: str, params: dict, lang: str) -> str:
    return t(message_key, lang, **display_params(params, lang))


def notification(*, user: User, kind: str, message_key: str, params: dict, idea_id: int | None,
                 base_url: str, lang: str, target: str | None = None) -> Rendered:
    """One inbox event as an e-mail: greeting, the inbox sentence, a link to the file and action, how to stop these."""
    lines = [message_text(message_key, params, lang)]
    return _compose(user=user, subject=t("mail.subject", lang, topic=kind_label(kind, lang)),
                    lines=lines, link=idea_link(base_url, idea_id, target), base_url=base_url, lang=lang)


def digest(*, user: User, day: dt.date, notes: list[Notification], base_url: str, lang: str) -> Rendered:
    """One day's notifications for one person, oldest first, each with its own link."""
    lines = [t("mail.digest.intro", lang, date=fmt_date(day, lang), count=fmt_number(len(notes), lang))]
    links: list[str | None] = [None]
    for note in notes:
        when = fmt_datetime(note.created_at, lang)
        lines.append(f"- {when}: {message_text(note.message_key, json.loads(note.params or '{}'), lang)}")
        links.append(idea_link(base_url, note.idea_id, note.target))
    subject = t("mail.digest.subject", lang, date=fmt_date(day, lang))
    return _compose(user=user, subject=subject, lines=lines, link=None, base_url=base_url, lang=lang,
                    line_links=links)


def _compose(*, user: User, subject: str, lines: list[str], link: str | None, base_url: str, lang: str,
             line_links: list[str | None] | None = None) -> Rendered:
    line_links = line_links or [None] * len(lines)
    greeting = t("mail.greeting", lang, name=user.full_name)
    footer = t("mail.footer", lang, url=account_link(base_url))
    text_lines = [greeting, ""]
    html_parts = [f"<p>{html.escape(greeting)}</p>"]
    for line, url in zip(lines, line_links, strict=True):
        text_lines.append(line if not url else f"{line}\n  {url}")
        anchor = f' <a href="{html.escape(url)}">{html.escape(t("mail.open", lang))}</a>' if url else ""
        html_parts.append(f"<p>{html.escape(line)}{anchor}</p>")
    if link:
        text_lines += ["", t("mail.link", lang, url=link)]
        html_parts.append(f'<p><a href="{html.escape(link)}">{html.escape(t("mail.link", lang, url=link))}</a></p>')
    text_lines += ["", "--", footer]
    html_parts.append(f"<hr><p><small>{html.escape(footer)}</small></p>")
    return Rendered(subject=subject, text="\n".join(text_lines) + "\n", html="\n".join(html_parts))
