"""Administrator-editable settings with defaults in code (values stored as JSON), and the mail server's settings.

The mail server is configured by the operator, not in the database: the environment, else root keys of
.streamlit/secrets.toml. It lives here because the inbox's e-mail is queued by `events` (core) and sent by
`accounts.mail_worker`: both read the same settings.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from ideas.core import audit
from ideas.core.db import PROJECT_ROOT
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
    "rewards.annual_report_due": "12-15",  # day-month the annual emulation report is due (Circular 02/2023)
}
NUMBER_RANGE = (1, 100_000)  # every whole-number setting (days, minutes, counts, lengths)
# Settings that are a day of the year, "MM-DD"
DAY_OF_YEAR = frozenset({"rewards.annual_report_due"})

# ---------------------------------------------------------------- input limits (docs/ACCESSIBILITY.md)
# THE upload limit: one number, the same in every service, label, upload widget (`max_upload_size` and
# `server.maxUploadSize` in config.toml) and nginx's `client_max_body_size` (tests/filing/test_input_limits.py).
# A megabyte is 1,000,000 bytes, as Streamlit's upload widget counts it in the browser: the widget and the services
# refuse the same files, the widget on the file's own row in Vietnamese (frontend_locale), the service by name.
# Streamlit's server and nginx count their "10" in MiB (10,485,760 bytes), which leaves room for the multipart framing
# of a 10,000,000-byte file (one file per request).
UPLOAD_LIMIT_MB = 10
UPLOAD_MAX_BYTES = UPLOAD_LIMIT_MB * 1_000_000  # what a service accepts per file, judged and told in Vietnamese
# Date widgets get these bounds so that the widget never refuses a date on its own (in English): Streamlit's
# default is ten years either side of the value. The services judge a date and name the field in Vietnamese.
DATE_BOUNDS: dict[str, dt.date] = {"min_value": dt.date(1900, 1, 1), "max_value": dt.date(2199, 12, 31)}
DATE_INPUT: dict[str, object] = {**DATE_BOUNDS, "format": "DD/MM/YYYY"}  # st.date_input(label, **DATE_INPUT, ...)


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
    if type(value) is int and not NUMBER_RANGE[0] <= value <= NUMBER_RANGE[1]:  # no widget bound: told here
        raise ValidationError("a11y_input.setting_range", field=f"settings.{key}", least=NUMBER_RANGE[0],
                              most=NUMBER_RANGE[1])
    if key in DAY_OF_YEAR:
        value = _day_of_year(value)
    row = session.get(Setting, key)
    old = json.loads(row.value) if row else DEFAULTS[key]
    if row is None:
        session.add(Setting(key=key, value=json.dumps(value), updated_by=actor.id))
    else:
        row.value, row.updated_by = json.dumps(value), actor.id
    audit.record(session=session, actor=actor, action="settings.change", entity="setting",
                 entity_id=key, details={"old": old, "new": value})
    session.flush()


def _day_of_year(value: str) -> str:
    text = value.strip()
    try:
        if len(text) != 5 or text[2] != "-":
            raise ValueError
        dt.date(2024, int(text[:2]), int(text[3:]))
    except ValueError:
        raise ValidationError("annual.error.day", value=value) from None
    return text


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


# ---------------------------------------------------------------- the mail server

SECRETS_FILE = PROJECT_ROOT / ".streamlit" / "secrets.toml"
DEFAULT_BASE_URL = "http://localhost:8501"


@dataclass(frozen=True)
class MailSettings:
    """SMTP and link settings from the environment, else root keys of .streamlit/secrets.toml."""

    host: str | None
    port: int
    starttls: bool
    user: str | None
    password: str | None
    sender: str
    base_url: str

    @property
    def enabled(self) -> bool:
        return bool(self.host)

    @property
    def domain(self) -> str:
        """The domain Message-IDs are made in: the sender's, else the site's host."""
        if "@" in self.sender:
            return self.sender.rsplit("@", 1)[1].strip(" >") or "localhost"
        return self.base_url.split("//", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "localhost"


def _secrets(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return {}


def mail_settings(environ: dict[str, str] | None = None, secrets_path: Path | None = None) -> MailSettings:
    environ = os.environ if environ is None else environ
    secrets = _secrets(secrets_path or SECRETS_FILE)

    def value(name: str, default: str | None = None) -> str | None:
        found = environ.get(f"IDEAS_{name}")
        if found in (None, ""):
            found = secrets.get(f"IDEAS_{name}")
        return default if found in (None, "") else str(found)

    starttls = (value("SMTP_STARTTLS", "false") or "").strip().lower() in ("1", "true", "yes", "on")
    return MailSettings(
        host=value("SMTP_HOST"), port=int(value("SMTP_PORT", "587" if starttls else "25")), starttls=starttls,
        user=value("SMTP_USER"), password=value("SMTP_PASSWORD"),
        sender=value("SMTP_FROM", "sang-kien@localhost") or "", base_url=value("BASE_URL", DEFAULT_BASE_URL) or "")
