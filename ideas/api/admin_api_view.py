"""The administrator's tables of tokens, webhook subscriptions and deliveries, ready to show (dates dd/mm/yyyy,
numbers in the reader's format, codes translated)."""
from __future__ import annotations

import pandas as pd

from ideas.core.i18n import fmt_datetime, fmt_number, t


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
        t("api.col.events", lang): ", ".join(t(f"api.event.{e.replace('.', '_')}", lang) for e in row["events"]),
        t("api.col.scope", lang): _scope(row["units"], lang),
        t("api.col.created_at", lang): fmt_datetime(row["created_at"], lang),
        t("api.col.state", lang): _state(row, lang),
    } for row in rows])


def deliveries_table(rows: list[dict], lang: str) -> pd.DataFrame:
    return pd.DataFrame([{
        t("api.col.delivery", lang): row["id"], t("api.col.subscription", lang): row["subscription"],
        t("api.col.event", lang): t(f"api.event.{row['event'].replace('.', '_')}", lang),
        t("api.col.delivery_state", lang): t(f"api.delivery.{row['status']}", lang),
        t("api.col.attempts", lang): fmt_number(row["attempts"], lang),
        t("api.col.created_at", lang): fmt_datetime(row["created_at"], lang),
        t("api.col.delivered_at", lang): fmt_datetime(row["delivered_at"], lang) or "—",
        t("api.col.last_error", lang): row["last_error"] or "—",
    } for row in rows])
