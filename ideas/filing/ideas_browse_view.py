"""The browse page's view: the filters' choices and one page of ideas, translated and formatted."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy.orm import Session

from ideas.accounts import units
from ideas.core.clock import local_date
from ideas.core.i18n import fmt_date, t
from ideas.core.permissions import Actor
from ideas.filing import browse, campaigns, submissions
from ideas.filing.visibility import PUBLIC_STATUSES, check_actor

COLUMNS = ("receipt_no", "title", "unit_name", "status", "support_count", "submitted_at")


@dataclass
class BrowseOptions:
    """The labels of the browse filters in one language; None, listed first, means "all"."""

    units: dict[int | None, str]
    pars: dict[str | None, str]
    statuses: dict[str | None, str]
    campaigns: dict[int | None, str]
    years: dict[int | None, str]
    sorts: dict[str, str]


def browse_options(*, session: Session, actor: Actor, lang: str = "vi") -> BrowseOptions:
    """What the browse filters offer, translated into `lang`."""
    check_actor(actor)
    every = {None: t("common.all", lang)}
    return BrowseOptions(units={**every, **dict(units.unit_options(session))},
                         pars={**every, **dict(submissions.par_options(session, lang))},
                         statuses={**every, **{s: t(f"browse.status.{s}", lang) for s in PUBLIC_STATUSES}},
                         campaigns={**every, **dict(campaigns.campaign_options(session))},
                         years={**every, **{year: str(year) for year in browse.year_options(session)}},
                         sorts={s: t(f"browse.sort.{s}", lang) for s in browse.SORTS})


@dataclass
class BrowsePage:
    rows: pd.DataFrame  # COLUMNS ready to show (translated status, local date, no missing values)
    ids: list[int]  # the idea of each row
    labels: dict[int, str]  # "receipt · title" per idea, for the pick list
    total: int


def browse_page(*, session: Session, actor: Actor, lang: str = "vi", **filters: object) -> BrowsePage:
    """One page of `browse.browse` ready to show, and the total."""
    frame, total = browse.browse(session, actor=actor, **filters)
    shown = frame.assign(status=[t(f"browse.status.{s}", lang) for s in frame.status],
                         receipt_no=[r if isinstance(r, str) else "—" for r in frame.receipt_no],
                         submitted_at=[fmt_date(local_date(d) if d == d and d is not None else None, lang)
                                       for d in frame.submitted_at])
    return BrowsePage(rows=shown[list(COLUMNS)], ids=[int(i) for i in shown.id],
                      labels={int(i): f"{r} · {title}" for i, r, title in zip(shown.id, shown.receipt_no, shown.title,
                                                                               strict=True)},
                      total=total)


# The search kept in the page's address (`?q=…&unit=…&page=…`): Back from an idea, a reload or a copied link
# return to the same results. Each value is checked against what the filters offer; a wrong one is dropped.
LINK_FILTERS = {"unit": "units", "par": "pars", "status": "statuses", "campaign": "campaigns", "year": "years",
                "sort": "sorts"}
TEXT_MAX = 200
LINK_PARAMS = frozenset({"q", *LINK_FILTERS, "size", "page"})


def search_from_link(*, params: dict[str, str], options: BrowseOptions, sizes: tuple[int, ...]) -> dict[str, object]:
    """The search an address names: {"text", "unit", ..., "size", "page"} for each valid parameter given."""
    found: dict[str, object] = {}
    if isinstance(params.get("q"), str):
        found["text"] = params["q"][:TEXT_MAX]
    for name, field_name in LINK_FILTERS.items():
        raw = params.get(name)
        if isinstance(raw, str):
            match = [value for value in getattr(options, field_name) if value is not None and str(value) == raw]
            if match:
                found[name] = match[0]
    for name, allowed in (("size", sizes), ("page", None)):
        raw = str(params.get(name) or "")
        if raw.isascii() and raw.isdigit() and 0 < int(raw) < 100_000 and (allowed is None or int(raw) in allowed):
            found[name] = int(raw)
    return found


def search_to_link(*, text: str, filters: dict[str, object], size: int, page: int) -> dict[str, str]:
    """The address parameters of a search (only what differs from "everything, first page")."""
    params = {"q": text} if text else {}
    params.update({name: str(value) for name, value in filters.items() if value is not None})
    params["size"], params["page"] = str(size), str(page)
    return params
