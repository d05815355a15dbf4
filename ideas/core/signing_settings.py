"""Where the province's signing keys, time-stamp server and trust list are: settings an administrator edits, and
the secrets (PIN, passphrase) the operator provides outside the database.

Stored in the settings table under "signing.*" (values as JSON, defaults here), audited like every setting. Two key
profiles, "signer" (the person who signs: the leader's USB token or PKCS#12 file) and "agency" (the agency's own
certificate, the second signature). A secret is read, in this order, from the environment variable
IDEAS_SIGN_<PROFILE>_<PIN|PASSPHRASE>, the file named by IDEAS_SIGN_<PROFILE>_<PIN|PASSPHRASE>_FILE, or the root key
of the same name in .streamlit/secrets.toml; it is never stored in the database. docs/SIGNING.md explains them.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from ideas.core import audit
from ideas.core.errors import ValidationError
from ideas.core.models import Setting, User
from ideas.core.permissions import require

PROFILES = ("signer", "agency")
SOURCES = ("none", "pkcs12", "pkcs11")
TSA_POLICIES = ("retry", "continue", "refuse")  # when the time-stamp server does not answer
MAX_RETRIES = 10

DEFAULTS: dict[str, object] = {
    "signing.signer.source": "none",
    "signing.signer.pkcs12_path": "",
    "signing.signer.module": "",
    "signing.signer.token": "",
    "signing.signer.key": "",
    "signing.agency.source": "none",
    "signing.agency.pkcs12_path": "",
    "signing.agency.module": "",
    "signing.agency.token": "",
    "signing.agency.key": "",
    "signing.trust_list": "",
    "signing.tsa_url": "",
    "signing.tsa_policy": "retry",
    "signing.tsa_retries": 3,
}
CHOICES = {"signing.signer.source": SOURCES, "signing.agency.source": SOURCES, "signing.tsa_policy": TSA_POLICIES}
PATHS = ("signing.signer.pkcs12_path", "signing.signer.module", "signing.agency.pkcs12_path",
         "signing.agency.module", "signing.trust_list")


@dataclass(frozen=True)
class KeyProfile:
    role: str  # "signer" or "agency"
    source: str  # "none", "pkcs12" or "pkcs11"
    pkcs12_path: str
    module: str  # the PKCS#11 module (.so) of the token's maker
    token: str  # token label
    key: str  # key (and certificate) label on the token
    secret: str | None  # PIN (pkcs11) or passphrase (pkcs12), from the environment, a file or secrets.toml


@dataclass(frozen=True)
class SigningConfig:
    signer: KeyProfile
    agency: KeyProfile
    trust_list: str
    tsa_url: str
    tsa_policy: str
    tsa_retries: int

    @property
    def enabled(self) -> bool:
        """A paper is signed (and issued) only when the signer's key is configured; otherwise it is a draft."""
        return self.signer.source != "none"


def _stored(session: Session) -> dict[str, object]:
    rows = session.query(Setting).filter(Setting.key.in_(list(DEFAULTS))).all()
    values = dict(DEFAULTS)
    values.update({row.key: json.loads(row.value) for row in rows})
    return values


def _secret_values(environ: dict[str, str], secrets_path: Path | None) -> dict[str, str]:
    from ideas.core.settings import SECRETS_FILE, _secrets

    return {**{k: str(v) for k, v in _secrets(secrets_path or SECRETS_FILE).items() if k.startswith("IDEAS_SIGN_")},
            **{k: v for k, v in environ.items() if k.startswith("IDEAS_SIGN_")}}


def secret(role: str, kind: str, environ: dict[str, str] | None = None, secrets_path: Path | None = None) -> str | None:
    """The PIN or passphrase of a profile: IDEAS_SIGN_<ROLE>_<KIND>, else the file IDEAS_SIGN_<ROLE>_<KIND>_FILE."""
    values = _secret_values(os.environ if environ is None else environ, secrets_path)
    name = f"IDEAS_SIGN_{role.upper()}_{kind.upper()}"
    if values.get(name):
        return values[name]
    path = values.get(f"{name}_FILE")
    if path:
        try:
            return Path(path).read_text(encoding="utf-8").strip()
        except OSError:
            return None
    return None


def load(session: Session, environ: dict[str, str] | None = None) -> SigningConfig:
    """The configuration in force (any reader: issuing needs it without settings.manage)."""
    values = _stored(session)

    def profile(role: str) -> KeyProfile:
        source = str(values[f"signing.{role}.source"])
        kind = "pin" if source == "pkcs11" else "passphrase"
        return KeyProfile(role=role, source=source, pkcs12_path=str(values[f"signing.{role}.pkcs12_path"]),
                          module=str(values[f"signing.{role}.module"]), token=str(values[f"signing.{role}.token"]),
                          key=str(values[f"signing.{role}.key"]),
                          secret=secret(role, kind, environ) if source != "none" else None)

    return SigningConfig(signer=profile("signer"), agency=profile("agency"),
                         trust_list=str(values["signing.trust_list"]),
                         tsa_url=str(values["signing.tsa_url"]), tsa_policy=str(values["signing.tsa_policy"]),
                         tsa_retries=int(values["signing.tsa_retries"]))  # type: ignore[arg-type]


def current(*, session: Session, actor: User) -> dict[str, object]:
    """Every signing setting's stored value (administrators)."""
    require(session, actor, "settings.manage")
    return _stored(session)


def _check(key: str, value: object) -> object:
    if key not in DEFAULTS:
        raise ValidationError("settings.error.unknown", key=key)
    default = DEFAULTS[key]
    if isinstance(default, int):
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_RETRIES:
            raise ValidationError("papers_trust.error.retries", most=MAX_RETRIES)
        return value
    if not isinstance(value, str):
        raise ValidationError("settings.error.type", key=key)
    value = value.strip()
    if len(value) > 500:
        raise ValidationError("papers_trust.error.too_long", most=500)
    if key in CHOICES and value not in CHOICES[key]:
        raise ValidationError("papers_trust.error.choice", value=value)
    if key == "signing.tsa_url" and value and not value.lower().startswith(("http://", "https://")):
        raise ValidationError("papers_trust.error.tsa_url")
    if key in PATHS and value and not value.startswith("/"):
        raise ValidationError("papers_trust.error.path", value=value)
    return value


def save(*, session: Session, actor: User, values: dict[str, object]) -> list[str]:
    """Change the signing settings whose value differs (admin only, one audit row each); returns the keys changed."""
    require(session, actor, "settings.manage")
    checked = {key: _check(key, value) for key, value in values.items()}
    stored = _stored(session)
    changed = [key for key, value in checked.items() if value != stored[key]]
    for key in changed:
        row = session.get(Setting, key)
        if row is None:
            session.add(Setting(key=key, value=json.dumps(checked[key]), updated_by=actor.id))
        else:
            row.value, row.updated_by = json.dumps(checked[key]), actor.id
        audit.record(session=session, actor=actor, action="settings.change", entity="setting", entity_id=key,
                     details={"old": stored[key], "new": checked[key]})
    session.flush()
    return changed
