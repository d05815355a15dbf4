"""The settings page's view: every setting with its label, kind and value, and the organisation's identity on
papers (the province's or a unit's own) with what is still missing or a placeholder.

It lives in papers (not core) because the identity section reads ideas.papers.identity; core imports nothing above it.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ideas.core import settings, signing_settings
from ideas.core.i18n import t
from ideas.core.models import Unit, User
from ideas.core.permissions import require
from ideas.papers import identity as identities


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


@dataclass(frozen=True)
class Field:
    key: str  # "place", "symbols.certificate", "signers.certificate.title": what identities.save_flat takes
    label: str
    value: str


@dataclass(frozen=True)
class IdentityForm:
    scopes: dict[int, str]  # 0: the province; otherwise a unit's id -> its name
    scope: int
    general: list[Field]
    symbols: list[Field]
    signers: list[tuple[str, list[Field]]]  # (kind of paper, its authority/title/name fields)
    missing: list[str]  # labels still empty or placeholders for some kind of paper (what the warning names)
    own: bool  # a unit's own identity is stored (it can be removed)


def identity_form(*, session: Session, actor: User, lang: str = "vi", unit_id: int = 0) -> IdentityForm:
    """The identity fields to edit: the province's (unit_id 0) or a unit's own; the warning's missing fields
    are those of the identity papers of that scope are issued under."""
    require(session, actor, "settings.manage")
    scopes = {0: t("papers.settings.province", lang)}
    scopes.update(dict(session.execute(select(Unit.id, Unit.name).where(Unit.active.is_(True))
                                       .order_by(Unit.path)).all()))
    scope = unit_id if unit_id in scopes else 0
    stored = identities.province_identity(session) if scope == 0 else identities.unit_identity(session, scope)
    shown = stored or identities.Identity()
    general = [Field(name, t(f"papers.identity.{name}", lang), getattr(shown, name))
               for name in ("parent_body", "issuing_body", "place", "public_url")]
    symbols, signers = [], []
    for kind in identities.KINDS:
        kind_label = t(f"papers.kind.{kind}", lang)
        symbols.append(Field(f"symbols.{kind}", t("papers.identity.symbol", lang, kind=kind_label),
                             shown.symbols.get(kind, "") if scope else shown.symbol(kind)))
        if kind in identities.SIGNED_BY_IDENTITY:
            signer = shown.signer(kind)
            signers.append((kind_label, [
                Field(f"signers.{kind}.{part}", t(f"papers.identity.signer_{part}", lang, kind=kind_label),
                      getattr(signer, part)) for part in ("authority", "title", "name")]))
    effective = identities.identity_for(session, scope or None)
    missing = list(dict.fromkeys(label for kind in identities.KINDS
                                 for label in identities.missing(effective, kind, lang)))
    return IdentityForm(scopes=scopes, scope=scope, general=general, symbols=symbols, signers=signers,
                        missing=missing, own=scope != 0 and stored is not None)


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
