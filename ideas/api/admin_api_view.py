"""The API page's view: tokens, webhook subscriptions and deliveries, ready to show (dates dd/mm/yyyy,
numbers in the reader's format, codes translated)."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy.orm import Session

from ideas.api import tokens, webhooks
from ideas.core.events import WEBHOOK_EVENTS
from ideas.core.i18n import fmt_datetime, fmt_number, t
from ideas.core.permissions import Actor


@dataclass(frozen=True)
class Section:
    """Tokens or subscriptions: the table (None when there are none) and the active ones, by id, to revoke."""

    table: pd.DataFrame | None
    active: dict[int, str]


@dataclass(frozen=True)
class ApiAdmin:
    units: dict[int, str]  # the scopes an administrator may choose
    events: dict[str, str]  # webhook event -> label
    tokens: Section
    subscriptions: Section
    deliveries: pd.DataFrame | None


def _section(rows: list[dict], table, lang: str) -> Section:
    return Section(table(rows, lang) if rows else None,
                   {row["id"]: row["name"] for row in rows if not row["revoked_at"]})


def admin_api_view(*, session: Session, actor: Actor, lang: str = "vi") -> ApiAdmin:
    """Everything the API page shows (api.manage is checked by each read)."""
    deliveries = webhooks.recent_deliveries(session=session, actor=actor)
    return ApiAdmin(units=tokens.unit_options(session=session, actor=actor),
                    events={event: event_label(event, lang) for event in WEBHOOK_EVENTS},
                    tokens=_section(tokens.list_tokens(session=session, actor=actor), tokens_table, lang),
                    subscriptions=_section(webhooks.list_subscriptions(session=session, actor=actor),
                                           subscriptions_table, lang),
                    deliveries=deliveries_table(deliveries, lang) if deliveries else None)


def event_label(event: str, lang: str) -> str:
    return t(f"api.event.{event.replace('.', '_')}", lang)


def _scope(units: list[str] | None, lang: str) -> str:
    return t("api.scope.province", lang) if units is None else ", ".join(units)


def _state(row: dict, lang: str) -> str:
    return t("api.state.revoked", lang) if row["revoked_at"] else t("api.state.active", lang)


def tokens_table(rows: list[dict], lang: str) -> pd.DataFrame:
    return pd.DataFrame([{
        t("api.col.name", lang): row["name"], t("api.col.prefix", lang): row["prefix"] + "…",
        t("api.col.scope", lang): _scope(row["units"], lang),
        t("api.col.rate", lang): fmt_number(row["rate_per_minute"], lang),
        t("api.col.created_at", lang): fmt_datetime(row["created_at"], lang),
        t("api.col.last_used_at", lang): fmt_datetime(row["last_used_at"], lang) or "—",
        t("api.col.calls_24h", lang): fmt_number(row["calls_24h"], lang),
        t("api.col.state", lang): _state(row, lang),
    } for row in rows])


def subscriptions_table(rows: list[dict], lang: str) -> pd.DataFrame:
    return pd.DataFrame([{
        t("api.col.name", lang): row["name"], t("api.col.url", lang): row["url"],
        t("api.col.events", lang): ", ".join(event_label(e, lang) for e in row["events"]),
        t("api.col.scope", lang): _scope(row["units"], lang),
        t("security_surface.webhook.col_network", lang):
            t("security_surface.yes" if row["allow_private"] else "security_surface.no", lang),
        t("api.col.created_at", lang): fmt_datetime(row["created_at"], lang),
        t("api.col.state", lang): _state(row, lang),
    } for row in rows])


def last_result(error: str | None, lang: str) -> str:
    """A generic result, never the receiver's answer: the page must not become a scanner of what answers
    where (the worker keeps only a category of its own in `last_error`)."""
    if not error:
        return "—"
    if error == "address":
        return t("security_surface.webhook.result_address", lang)
    if error == "subscription revoked":
        return t("security_surface.webhook.result_revoked", lang)
    return t("security_surface.webhook.result_failed", lang)


def deliveries_table(rows: list[dict], lang: str) -> pd.DataFrame:
    return pd.DataFrame([{
        t("api.col.delivery", lang): row["id"], t("api.col.subscription", lang): row["subscription"],
        t("api.col.event", lang): event_label(row["event"], lang),
        t("api.col.delivery_state", lang): t(f"api.delivery.{row['status']}", lang),
        t("api.col.attempts", lang): fmt_number(row["attempts"], lang),
        t("api.col.created_at", lang): fmt_datetime(row["created_at"], lang),
        t("api.col.delivered_at", lang): fmt_datetime(row["delivered_at"], lang) or "—",
        t("api.col.last_error", lang): last_result(row["last_error"], lang),
    } for row in rows])
