"""Who issues the papers: the organisation's identity as data, required before anything is issued.

The province's identity is one record; a unit that issues its own papers keeps its own, whose filled fields
override the province's (the nearest unit up the tree that has one wins, field by field). Stored as JSON in
the settings table under "papers.identity" and "papers.identity.unit.<id>": no schema change.

Fields: parent body (cơ quan chủ quản), issuing body (cơ quan ban hành), place name for the date line (địa
danh), the public address printed in QR codes, and per kind of paper the document symbol (ký hiệu) and the
signer's authority line, title and name. `require_complete` refuses to issue while a field that kind needs is
empty or still a placeholder, naming the fields and the settings page.
"""
from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from ideas.core import audit, settings
from ideas.core.errors import DomainError, ValidationError
from ideas.core.i18n import error_text, t
from ideas.core.models import Setting, Unit, User
from ideas.core.permissions import require
from ideas.core.text import clean_line, fold

KEY = "papers.identity"
UNIT_KEY = "papers.identity.unit.{}"
SETTINGS_PAGE = "/admin_settings"
KINDS = ("receipt", "minutes", "certificate", "recognition", "award")
NEEDS_URL = ("certificate", "award")  # papers that carry a QR code
SIGNED_BY_IDENTITY = ("receipt", "certificate", "recognition", "award")  # the minutes: the council's chair, secretary
DEFAULT_SYMBOLS = {"receipt": "PTN-HĐSK", "minutes": "BB-HĐSK", "certificate": "GCN-HĐSK",
                   "recognition": "QĐ-HĐSK", "award": "QĐ-UBND"}
# What the product shipped as defaults, and other texts that name no one (compared accent- and case-free)
PLACEHOLDERS = {"", "uy ban nhan dan tinh", "ubnd tinh", "uy ban nhan dan", "tinh", "thanh pho", "so", "phong",
                "co quan", "don vi", "...", "…", "nguyen van a", "thu truong don vi", "x", "-"}
MAX_CHARS = 200


class IdentityIncomplete(DomainError, key="papers.identity.error.incomplete"):
    """Issuing refused: `fields` names what is missing or a placeholder; `link` is the settings page."""


@dataclass
class SignerIdentity:
    authority: str = ""  # "KT. CHỦ TỊCH", "TM. HỘI ĐỒNG", ... (may stay empty: the head signs in person)
    title: str = ""  # "PHÓ CHỦ TỊCH"
    name: str = ""


@dataclass
class Identity:
    parent_body: str = ""
    issuing_body: str = ""
    place: str = ""
    public_url: str = ""
    symbols: dict[str, str] = field(default_factory=dict)
    signers: dict[str, SignerIdentity] = field(default_factory=dict)

    def symbol(self, kind: str) -> str:
        return self.symbols.get(kind) or DEFAULT_SYMBOLS[kind]

    def signer(self, kind: str) -> SignerIdentity:
        return self.signers.get(kind) or SignerIdentity()

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_dict(cls, data: dict) -> Identity:
        signers = {kind: SignerIdentity(**{k: clean_line(v) for k, v in (value or {}).items()
                                           if k in ("authority", "title", "name")})
                   for kind, value in (data.get("signers") or {}).items() if kind in KINDS}
        symbols = {kind: clean_line(value) for kind, value in (data.get("symbols") or {}).items() if kind in KINDS}
        return cls(parent_body=clean_line(data.get("parent_body")), issuing_body=clean_line(data.get("issuing_body")),
                   place=clean_line(data.get("place")), public_url=clean_line(data.get("public_url")).rstrip("/"),
                   symbols=symbols, signers=signers)


def is_placeholder(value: str, *, url: bool = False) -> bool:
    """Whether a value names no one: empty, a shipped default ("UỶ BAN NHÂN DÂN TỈNH", "Tỉnh") or, for the
    public address, a local one."""
    if fold(value).strip(" .") in PLACEHOLDERS or not fold(value).strip(" .…-"):
        return True
    if url:
        lowered = value.lower()
        return (not lowered.startswith(("http://", "https://")) or "localhost" in lowered
                or "127.0.0.1" in lowered)
    return False


def _stored(session: Session, key: str) -> Identity | None:
    row = session.get(Setting, key)
    return Identity.from_dict(json.loads(row.value)) if row is not None else None


def _legacy(session: Session) -> Identity:
    """Before an identity is saved: the old settings (agency, province) and the QR address's variable."""
    province = str(settings.get(session, "org.province_name") or "")
    for prefix in ("tỉnh ", "thành phố "):
        if province.casefold().startswith(prefix):
            province = province[len(prefix):]
    agency = " ".join(str(settings.get(session, "org.agency_name") or "").split())
    province = " ".join(province.split())
    if province and not is_placeholder(province) and fold(province) not in fold(agency):
        agency = f"{agency} {province}"
    return Identity(issuing_body=agency, place=province,
                    public_url=(os.environ.get("IDEAS_BASE_URL") or "").rstrip("/"))


def province_identity(session: Session) -> Identity:
    return _stored(session, KEY) or _legacy(session)


def unit_identity(session: Session, unit_id: int) -> Identity | None:
    """A unit's own identity as stored (None: it issues under the province's)."""
    return _stored(session, UNIT_KEY.format(unit_id))


def _merge(base: Identity, over: Identity) -> Identity:
    merged = replace(base, symbols=dict(base.symbols), signers=dict(base.signers))
    for name in ("parent_body", "issuing_body", "place", "public_url"):
        if getattr(over, name):
            setattr(merged, name, getattr(over, name))
    merged.symbols.update({kind: value for kind, value in over.symbols.items() if value})
    for kind, signer in over.signers.items():
        if signer.title or signer.name:
            merged.signers[kind] = signer
    return merged


def identity_for(session: Session, unit_id: int | None = None) -> Identity:
    """The identity papers of `unit_id` are issued under: the province's, overridden field by field by the
    nearest unit up the tree (itself first) that keeps its own."""
    identity = province_identity(session)
    if unit_id is None:
        return identity
    path = session.scalar(select(Unit.path).where(Unit.id == unit_id)) or ""
    ancestors = [int(part) for part in path.strip("/").split("/") if part.isdigit()]
    if unit_id not in ancestors:
        ancestors.append(unit_id)
    keys = [UNIT_KEY.format(a) for a in ancestors]
    rows = {row.key: row for row in session.scalars(select(Setting).where(Setting.key.in_(keys)))}
    for key in keys:  # from the top down: the nearest unit's fields win
        if key in rows:
            identity = _merge(identity, Identity.from_dict(json.loads(rows[key].value)))
    return identity


def missing(identity: Identity, kind: str, lang: str = "vi") -> list[str]:
    """Labels of the fields `kind` needs that are empty or still placeholders."""
    out = []
    if is_placeholder(identity.issuing_body):
        out.append(t("papers.identity.issuing_body", lang))
    if identity.parent_body and is_placeholder(identity.parent_body):
        out.append(t("papers.identity.parent_body", lang))
    if is_placeholder(identity.place):
        out.append(t("papers.identity.place", lang))
    if kind in NEEDS_URL and is_placeholder(identity.public_url, url=True):
        out.append(t("papers.identity.public_url", lang))
    if is_placeholder(identity.symbol(kind)):
        out.append(t("papers.identity.symbol", lang, kind=t(f"papers.kind.{kind}", lang)))
    if kind in SIGNED_BY_IDENTITY:
        signer = identity.signer(kind)
        if is_placeholder(signer.title):
            out.append(t("papers.identity.signer_title", lang, kind=t(f"papers.kind.{kind}", lang)))
        if is_placeholder(signer.name):
            out.append(t("papers.identity.signer_name", lang, kind=t(f"papers.kind.{kind}", lang)))
    return out


def require_complete(session: Session, kind: str, unit_id: int | None = None) -> Identity:
    """The identity to issue `kind` under; IdentityIncomplete naming every missing field otherwise."""
    identity = identity_for(session, unit_id)
    gaps = missing(identity, kind)
    if gaps:
        raise IdentityIncomplete(fields=", ".join(gaps), link=SETTINGS_PAGE)
    return identity


def save_identity(*, session: Session, actor: User, values: dict, unit_id: int | None = None) -> Identity:
    """Store the province's identity (unit_id None) or a unit's own (administrators: settings.manage).

    Placeholders may be saved (the settings page warns while they remain); over-long texts and a public address
    that is not http(s) are refused, naming the field.
    """
    require(session, actor, "settings.manage")
    identity = Identity.from_dict(values)
    for name in ("parent_body", "issuing_body", "place", "public_url"):
        if len(getattr(identity, name)) > MAX_CHARS:
            raise ValidationError("papers.identity.error.too_long", field=t(f"papers.identity.{name}"),
                                  max=MAX_CHARS)
    texts = [*identity.symbols.values()] + [v for s in identity.signers.values() for v in asdict(s).values()]
    if any(len(text) > MAX_CHARS for text in texts):
        raise ValidationError("papers.identity.error.too_long", field=t("papers.identity.signers"), max=MAX_CHARS)
    if identity.public_url and not identity.public_url.lower().startswith(("http://", "https://")):
        raise ValidationError("papers.identity.error.url", field=t("papers.identity.public_url"))
    if unit_id is not None and session.get(Unit, unit_id) is None:
        raise ValidationError("papers.identity.error.unit")
    key = KEY if unit_id is None else UNIT_KEY.format(unit_id)
    row = session.get(Setting, key)
    old = json.loads(row.value) if row is not None else None
    if row is None:
        session.add(Setting(key=key, value=identity.to_json(), updated_by=actor.id))
    else:
        row.value, row.updated_by = identity.to_json(), actor.id
    audit.record(session=session, actor=actor, action="papers.identity.change", entity="setting", entity_id=key,
                 details={"old": old, "new": asdict(identity)})
    session.flush()
    return identity


def save_flat(*, session: Session, actor: User, values: dict[str, str], unit_id: int = 0) -> Identity:
    """`save_identity` from the settings page's flat fields ("place", "symbols.receipt", "signers.award.name")."""
    nested: dict = {"symbols": {}, "signers": {}}
    for key, value in values.items():
        parts = key.split(".")
        if len(parts) == 1:
            nested[key] = value
        elif parts[0] == "symbols" and len(parts) == 2:
            nested["symbols"][parts[1]] = value
        elif parts[0] == "signers" and len(parts) == 3:
            nested["signers"].setdefault(parts[1], {})[parts[2]] = value
    return save_identity(session=session, actor=actor, values=nested, unit_id=unit_id or None)


def remove_unit_identity(*, session: Session, actor: User, unit_id: int) -> None:
    """The unit issues under the province's identity again."""
    require(session, actor, "settings.manage")
    row = session.get(Setting, UNIT_KEY.format(unit_id))
    if row is not None:
        audit.record(session=session, actor=actor, action="papers.identity.remove", entity="setting",
                     entity_id=row.key, details={"old": json.loads(row.value)})
        session.delete(row)
        session.flush()


def units_with_identity(session: Session) -> list[int]:
    prefix = UNIT_KEY.format("")
    return sorted(int(key[len(prefix):]) for key in session.scalars(select(Setting.key)
                                                                     .where(Setting.key.startswith(prefix)))
                  if key[len(prefix):].isdigit())


@dataclass(frozen=True)
class Issued:
    """A paper's bytes, or why it cannot be issued yet (a page shows one or the other)."""

    payload: bytes | None
    refusal: str | None = None


def issue(*, session: Session, actor: User, build: Callable[..., bytes | None], message_lang: str = "vi",
          **kwargs: object) -> Issued:
    """`build(session=, actor=, **kwargs)`, with an incomplete identity turned into its translated refusal."""
    try:
        return Issued(build(session=session, actor=actor, **kwargs))
    except IdentityIncomplete as refused:
        return Issued(None, error_text(refused, message_lang))


def verify_base_url(session: Session) -> str:
    """The public address of /verify links: the identity's, else the environment's (tests, development)."""
    from ideas.papers.verification import base_url

    return province_identity(session).public_url or base_url()
