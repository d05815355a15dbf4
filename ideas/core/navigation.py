"""The menu as data: every page, where it sits, and the permission action that opens it.

The app builds its navigation from this table with `permissions.can`, so the menu and the services
agree on who may do what; the gate pages (login, setup) are not in the menu.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from ideas.core.permissions import Actor, can

GATE_PAGES = ("pages/login.py", "pages/setup.py")
HOME = "pages/home.py"


@dataclass(frozen=True)
class Page:
    path: str
    title_key: str
    icon: str
    section_key: str
    actions: tuple[str, ...] = ()  # any one opens the page; () = every signed-in user


def _page(name: str, icon: str, section: str, *actions: str) -> Page:
    return Page(f"pages/{name}.py", f"nav.{name}", f":material/{icon}:", f"nav.section.{section}", actions)


PAGES: tuple[Page, ...] = (
    _page("home", "home", "main"),
    _page("ideas_submit", "edit_note", "ideas", "ideas.submit"),
    _page("ideas_mine", "folder_shared", "ideas"),
    _page("ideas_followup", "task_alt", "ideas"),
    _page("ideas_browse", "search", "ideas"),
    _page("ideas_detail", "article", "ideas"),
    _page("review_screening", "fact_check", "review", "review.screen"),
    _page("review_queue", "rate_review", "review", "review.score"),
    _page("review_council", "groups", "review", "review.decide", "review.manage_council"),
    _page("review_deadlines", "event_busy", "review", "review.manage_council"),
    _page("rewards_lists", "military_tech", "rewards", "rewards.view"),
    _page("rewards_eligibility", "how_to_reg", "rewards", "rewards.build"),
    _page("rewards_ledger", "workspace_premium", "rewards"),
    _page("dashboard", "monitoring", "dashboards", "dashboard.view"),
    _page("inbox", "inbox", "account"),
    _page("account", "person", "account"),
    _page("admin_campaigns", "campaign", "admin", "campaigns.manage"),
    _page("admin_rubrics", "rule", "admin", "rubrics.manage"),
    _page("admin_rules", "gavel", "admin", "rewards.manage_rules"),
    _page("admin_commitments", "flag", "admin", "commitments.manage"),
    _page("admin_units", "account_tree", "admin", "units.manage"),
    _page("admin_accounts", "group", "admin", "accounts.manage"),
    _page("admin_import", "upload_file", "admin", "accounts.import"),
    _page("admin_settings", "settings", "admin", "settings.manage"),
    _page("admin_audit", "policy", "admin", "audit.view"),
    _page("admin_api", "api", "admin", "api.manage"),
)


def menu(*, session: Session, actor: Actor) -> list[Page]:
    """The pages `actor` may open, in menu order (home first)."""
    return [page for page in PAGES
            if not page.actions or any(can(session, actor, action) for action in page.actions)]
