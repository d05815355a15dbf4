"""The settings page's view: every setting with its label, kind and value."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from ideas.core import settings
from ideas.core.i18n import t
from ideas.core.models import User


@dataclass(frozen=True)
class Setting:
    key: str
    label: str
    kind: str  # "flag", "number" or "text": the input that edits it
    value: object


def admin_settings_view(*, session: Session, actor: User, lang: str = "vi") -> list[Setting]:
    """Every setting in the order of the defaults (administrators: settings.manage)."""
    current = settings.current(session=session, actor=actor)
    return [Setting(key, t(f"settings.{key}", lang), _kind(default), current[key])
            for key, default in settings.DEFAULTS.items()]


def _kind(default: object) -> str:
    if isinstance(default, bool):
        return "flag"
    return "number" if isinstance(default, int) else "text"
