"""The settings page's view: every setting with its label, kind and value; the digital-signing section."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from ideas.core import settings, signing_settings
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


# ---------------------------------------------------------------- digital signing (its own section)


@dataclass(frozen=True)
class SigningField:
    key: str
    label: str
    kind: str  # "choice", "text" or "number"
    value: object
    options: dict[str, str]  # value -> label, for a choice
    help: str


@dataclass(frozen=True)
class SigningSection:
    title: str
    help: str
    fields: list[SigningField]
    secrets: list[str]  # one line per configured key: which secret it reads and whether it is present


def signing_section(*, session: Session, actor: User, lang: str = "vi") -> SigningSection:
    """The signing keys, trust list and time-stamp server (administrators: settings.manage); secrets only as present
    or missing, never their values."""
    stored = signing_settings.current(session=session, actor=actor)
    fields = []
    for key, default in signing_settings.DEFAULTS.items():
        choices = signing_settings.CHOICES.get(key)
        kind = "choice" if choices else "number" if isinstance(default, int) else "text"
        options = {value: t(f"papers_trust.settings.option.{value}", lang) for value in choices or ()}
        fields.append(SigningField(key, t(f"papers_trust.settings.{key}", lang), kind, stored[key], options,
                                   t(f"papers_trust.settings.help.{key}", lang)))
    config = signing_settings.load(session)
    secrets = []
    for profile in (config.signer, config.agency):
        if profile.source == "none":
            continue
        kind = "PIN" if profile.source == "pkcs11" else "PASSPHRASE"
        name = f"IDEAS_SIGN_{profile.role.upper()}_{kind}"
        state = "present" if profile.secret else "missing"
        secrets.append(t(f"papers_trust.settings.secret_{state}", lang, name=name,
                         role=t(f"papers_trust.settings.role.{profile.role}", lang)))
    return SigningSection(t("papers_trust.settings.title", lang), t("papers_trust.settings.help", lang), fields,
                          secrets)
