"""Administrator-editable settings with defaults in code; values are stored as JSON."""
from __future__ import annotations

import json

from sqlalchemy.orm import Session

from ideas.core import audit
from ideas.core.errors import ValidationError
from ideas.core.models import Setting, User
from ideas.core.permissions import require

DEFAULTS: dict[str, object] = {
    "auth.max_failed_logins": 5,
    "auth.lockout_minutes": 15,
    "auth.idle_timeout_minutes": 30,
    "auth.session_days": 7,
    "auth.min_password_length": 10,
    "ideas.allow_free_suggestions": False,
    "ideas.decision_months": 3,
    "followup.remind_days": 7,
    "followup.measure_window_days": 30,
    "org.agency_name": "UỶ BAN NHÂN DÂN TỈNH",
    "org.province_name": "Tỉnh",
}


def get(session: Session, key: str) -> object:
    row = session.get(Setting, key)
    return json.loads(row.value) if row is not None else DEFAULTS[key]


def get_int(session: Session, key: str) -> int:
    return int(get(session, key))  # type: ignore[arg-type]


def set_value(*, session: Session, actor: User, key: str, value: object) -> None:
    """Change one setting (admin only); the type must match the default's."""
    require(session, actor, "settings.manage")
    if key not in DEFAULTS:
        raise ValidationError("settings.error.unknown", key=key)
    if not isinstance(value, type(DEFAULTS[key])):
        raise ValidationError("settings.error.type", key=key)
    row = session.get(Setting, key)
    old = json.loads(row.value) if row else DEFAULTS[key]
    if row is None:
        session.add(Setting(key=key, value=json.dumps(value), updated_by=actor.id))
    else:
        row.value, row.updated_by = json.dumps(value), actor.id
    audit.record(session=session, actor=actor, action="settings.change", entity="setting",
                 entity_id=key, details={"old": old, "new": value})
    session.flush()


def current(*, session: Session, actor: User) -> dict[str, object]:
    """Every setting's value (administrators)."""
    require(session, actor, "settings.manage")
    return {key: get(session, key) for key in DEFAULTS}


def save_settings(*, session: Session, actor: User, values: dict[str, object]) -> list[str]:
    """Change the settings whose value differs; returns the keys changed (one audit row each)."""
    changed = [key for key, value in values.items() if value != get(session, key)]
    for key in changed:
        set_value(session=session, actor=actor, key=key, value=values[key])
    return changed
