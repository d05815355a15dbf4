"""PAdES signing of issued papers with pyHanko: the signer's and the agency's signatures, visible, time-stamped.

Keys come from a PKCS#12 file or a PKCS#11 token (the USB tokens of Vietnamese CAs ship a PKCS#11 module); what
is configured where is ideas.core.signing_settings, how a province sets it up is docs/SIGNING.md.

Before anything is signed every certificate is checked (Decree 68/2024, Decree 23/2025): validity period at this
moment, a chain to the configured trust list, and revocation where the CA's CRL or OCSP answers (pyhanko-certvalidator,
"soft-fail": an unreachable CRL does not refuse, a reachable one that lists the certificate does). The revocation
answers are embedded in the PDF (its DSS) as evidence. A time-stamp server, when configured, is asked first; when
it does not answer, the policy setting decides: "retry" waits 1, 2, 4 ... s for the configured number of retries
and then refuses, "continue" signs without a time-stamp (recorded), "refuse" refuses at once. Every refusal is a
SigningRefused with a Vietnamese message naming the cause; nothing is returned half-signed.
"""
from __future__ import annotations

import asyncio
import contextlib
import functools
import io
import logging
import os
import tempfile
import textwrap
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from ideas.core import clock, signing_settings
from ideas.core.errors import DomainError
from ideas.core.signing_settings import KeyProfile, SigningConfig

logger = logging.getLogger(__name__)

A4_WIDTH = 595.28
# Default boxes (points, from the bottom-left corner of the last page): the signer's on the right, under the
# signature block of Decree 30's layout, the agency's on the left. A paper's builder may pass its own.
SIGNER_BOX = (318.0, 36.0, 566.0, 104.0)
AGENCY_BOX = (30.0, 36.0, 278.0, 104.0)
TSA_TIMEOUT_SECONDS = 10
STAMP_LINE_CHARS = 52  # 9 pt serif in a 248 pt wide box
REVOCATION_TIMEOUT_SECONDS = 8


class SigningRefused(DomainError, key="papers_trust.error.refused"):
    """Signing (and so issuing) was refused; the key names why, in words a reward officer can act on."""


class SigningNotConfigured(SigningRefused, key="papers_trust.error.not_configured"):
    """No signing key is configured: papers are drafts (see ideas.papers.issued)."""


@dataclass(frozen=True)
class Signatory:
    """Who signs: role "signer" (the person, with the title line of the signature block) or "agency"."""

    role: str
    title: str = ""
    box: tuple[float, float, float, float] | None = None
    page: int = -1  # the last page



def signatories(places: list, signer_title: str, agency_title: str) -> list[Signatory]:
    """The signer's visible signature where the paper's first signature block leaves room for it (Decree 30: at the
    signer's place on the paper); the agency's below, at its fixed place (a second text box over the first would
    make both unreadable)."""
    first = places[0] if places else None
    signer = (Signatory("signer", signer_title, box=first.box, page=first.page) if first
              else Signatory("signer", signer_title))
    return [signer, Signatory("agency", agency_title)]


@dataclass
class SignedBy:
    role: str
    name: str  # the certificate's common name
    serial: str  # hex
    sha256: str  # of the certificate
    not_after: str


@dataclass
class SignedPdf:
    content: bytes
    signers: list[SignedBy] = field(default_factory=list)
    timestamped: bool = False


# ---------------------------------------------------------------- trust list, fonts


def outside_event_loop(function: Callable) -> Callable:
    """pyHanko's synchronous calls run asyncio.run(), which refuses to start inside a running event loop (a
    thread that hosts one, such as a test worker that has driven sync Playwright): run them in a thread of
    their own there. The caller waits, so its database session is still used by one thread at a time."""
    @functools.wraps(function)
    def run(*args, **kwargs):
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return function(*args, **kwargs)
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(function, *args, **kwargs).result()
    return run


def _trust(config: SigningConfig) -> tuple[list, list]:
    """(trust roots, other certificates) from the trust list: a PEM/DER file or a folder of them.

    Self-signed certificates are roots; the others (a CA's intermediates) help build paths but are not trusted.
    """
    from pyhanko.keys import load_certs_from_pemder

    path = config.trust_list
    if not path or not os.path.exists(path):
        raise SigningRefused("papers_trust.error.trust_list", path=path or "—")
    files = sorted(str(p) for p in Path(path).iterdir() if p.suffix.lower() in (".pem", ".crt", ".cer", ".der")) \
        if os.path.isdir(path) else [path]
    try:
        certs = list(load_certs_from_pemder(files))
    except Exception as error:  # a malformed file: say which setting
        logger.warning("trust list %s: %s", path, error)
        raise SigningRefused("papers_trust.error.trust_list", path=path) from error
    roots = [c for c in certs if c.self_signed != "no"]  # asn1crypto answers "yes", "maybe" or "no"
    if not roots:
        raise SigningRefused("papers_trust.error.trust_list", path=path)
    return roots, [c for c in certs if c.self_signed == "no"]


def trust_roots(config: SigningConfig) -> tuple[list, list]:
    """The trust list for validation ([], [] when none is configured: nothing is then trusted)."""
    try:
        return _trust(config)
    except SigningRefused:
        return [], []


def font_file() -> str:
    """The serif font of the visible signature: the papers' own (Times New Roman where installed, else the shipped
    Liberation Serif), so the signature reads like the paper; as a copy scaled to 1,000 units per em."""
    from ideas.papers.pdf_render import font_files

    return _thousand_units_per_em(str(font_files()[1][""]))


@functools.cache
def _thousand_units_per_em(source: str) -> str:
    """pyHanko 0.38 places a stamp's glyphs as if every font had 1,000 units per em: a TrueType font of 2,048 (both
    Times New Roman and Liberation Serif) comes out with its letters spaced twice apart. A copy scaled to 1,000
    (fontTools), written once per process, renders as the font should."""
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem

    font = TTFont(source)
    if font["head"].unitsPerEm == 1000:
        return source
    scale_upem(font, 1000)
    target = Path(tempfile.gettempdir()) / f"ideas-stamp-{os.getpid()}-{Path(source).stem}.ttf"
    font.save(str(target))
    return str(target)


# ---------------------------------------------------------------- keys


@contextlib.contextmanager
def open_key(profile: KeyProfile) -> Iterator[Any]:
    """A pyHanko signer for the profile's key; a PKCS#11 session is logged out and closed on exit."""
    if profile.source == "pkcs12":
        yield _pkcs12_signer(profile)
    elif profile.source == "pkcs11":
        with _pkcs11_signer(profile) as signer:
            yield signer
    else:
        raise SigningNotConfigured()


def _pkcs12_signer(profile: KeyProfile):
    from pyhanko.sign.signers import SimpleSigner

    path = profile.pkcs12_path
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise SigningRefused("papers_trust.error.key_file", path=path or "—") from error
    if not profile.secret:
        raise SigningRefused("papers_trust.error.passphrase_missing", role=profile.role.upper())
    try:
        return SimpleSigner.load_pkcs12_data(data, other_certs=(), passphrase=profile.secret.encode())
    except ValueError as error:
        raise SigningRefused("papers_trust.error.passphrase_wrong", path=path) from error


@contextlib.contextmanager
def _pkcs11_signer(profile: KeyProfile) -> Iterator[Any]:
    import pkcs11
    from pkcs11 import exceptions as p11
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session

    if not profile.module or not os.path.exists(profile.module):
        raise SigningRefused("papers_trust.error.module", path=profile.module or "—")
    if not profile.secret:
        raise SigningRefused("papers_trust.error.pin_missing", role=profile.role.upper())
    try:
        session = open_pkcs11_session(profile.module, token_criteria=TokenCriteria(label=profile.token or None),
                                      user_pin=profile.secret)
    except (p11.PinIncorrect, p11.PinInvalid, p11.PinLenRange) as error:
        raise SigningRefused("papers_trust.error.pin_wrong", token=profile.token) from error
    except (p11.PinLocked, p11.PinExpired) as error:
        raise SigningRefused("papers_trust.error.pin_locked", token=profile.token) from error
    except (p11.TokenNotPresent, p11.NoSuchToken, p11.TokenNotRecognised, p11.DeviceRemoved) as error:
        raise SigningRefused("papers_trust.error.token_absent", token=profile.token or "—") from error
    except pkcs11.PKCS11Error as error:  # "No token matching criteria", a module that fails to load, ...
        logger.warning("PKCS#11 %s: %r", profile.module, error)
        raise SigningRefused("papers_trust.error.token_absent", token=profile.token or "—") from error
    try:
        signer = PKCS11Signer(session, key_label=profile.key or None, cert_label=profile.key or None)
        try:
            signer.signing_cert  # noqa: B018  (loads key and certificate now, so a missing one is named here)
        except Exception as error:
            raise SigningRefused("papers_trust.error.key_absent", label=profile.key or "—",
                                 token=profile.token or "—") from error
        yield signer
    finally:
        with contextlib.suppress(Exception):
            session.close()


# ---------------------------------------------------------------- checks before signing


def _name(cert) -> str:
    return cert.subject.native.get("common_name") or cert.subject.human_friendly


def _validation_context(roots: list, others: list, *, fetch: bool):
    from pyhanko_certvalidator import ValidationContext
    from pyhanko_certvalidator.fetchers.requests_fetchers import RequestsFetcherBackend

    return ValidationContext(trust_roots=roots, other_certs=others, allow_fetching=fetch, revocation_mode="soft-fail",
                             fetcher_backend=RequestsFetcherBackend(per_request_timeout=REVOCATION_TIMEOUT_SECONDS)
                             if fetch else None)


def check_certificate(signer, roots: list, others: list) -> None:
    """Validity period now, a chain to the trust list, revocation where reachable; SigningRefused otherwise."""
    from pyhanko_certvalidator import CertificateValidator
    from pyhanko_certvalidator import errors as cv

    cert = signer.signing_cert
    name = _name(cert)
    context = _validation_context(roots, others, fetch=True)
    intermediates = list(others) + [c for c in signer.cert_registry if c != cert]
    validator = CertificateValidator(cert, intermediate_certs=intermediates, validation_context=context)
    until = _vn_time(cert.not_valid_after)
    try:
        asyncio.run(validator.async_validate_usage({"digital_signature"}))
    except cv.ExpiredError as error:
        raise SigningRefused("papers_trust.error.cert_expired", name=name, until=until) from error
    except cv.NotYetValidError as error:
        raise SigningRefused("papers_trust.error.cert_not_yet_valid", name=name,
                             since=_vn_time(cert.not_valid_before)) from error
    except cv.RevokedError as error:
        raise SigningRefused("papers_trust.error.cert_revoked", name=name) from error
    except cv.PathBuildingError as error:
        raise SigningRefused("papers_trust.error.cert_untrusted", name=name,
                             issuer=cert.issuer.native.get("common_name") or cert.issuer.human_friendly) from error
    except (cv.PathValidationError, cv.InvalidCertificateError) as error:
        logger.warning("certificate %s refused: %s", name, error)
        raise SigningRefused("papers_trust.error.cert_invalid", name=name) from error


def _vn_time(moment) -> str:
    return moment.astimezone(clock.zone()).strftime("%H:%M %d/%m/%Y")


# ---------------------------------------------------------------- the time-stamp server


def _timestamper(config: SigningConfig, sleep=time.sleep):
    """The TSA client, or None when none is configured or (policy "continue") it does not answer."""
    if not config.tsa_url:
        return None
    from pyhanko.sign.timestamps.requests_client import RequestsHTTPTimeStamper

    stamper = RequestsHTTPTimeStamper(config.tsa_url, timeout=TSA_TIMEOUT_SECONDS)
    tries = 1 + (config.tsa_retries if config.tsa_policy == "retry" else 0)
    for attempt in range(tries):
        try:
            asyncio.run(stamper.async_dummy_response("sha256"))  # pyHanko keeps it for the size estimate
            return stamper
        except Exception as error:  # noqa: BLE001 (refused connection, timeout, HTTP error, a reply that is no time-stamp)
            logger.warning("time-stamp server %s, attempt %d: %r", config.tsa_url, attempt + 1, error)
            if attempt + 1 < tries:
                sleep(min(2 ** attempt, 30))
    if config.tsa_policy == "continue":
        return None
    raise SigningRefused("papers_trust.error.tsa", url=config.tsa_url, tries=tries)


# ---------------------------------------------------------------- signing


STAMP_SIZE = 9


def _stamp_style():
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStampStyle

    return TextStampStyle(stamp_text="%(line1)s\n%(line2)s\n%(line3)s",
                          # the same size for shaping and for drawing, or pyHanko spaces the letters apart
                          text_box_style=TextBoxStyle(font=GlyphAccumulatorFactory(font_file(), font_size=STAMP_SIZE),
                                                      font_size=STAMP_SIZE, leading=STAMP_SIZE + 2),
                          border_width=1)


def _sign_once(pdf: bytes, signer, signatory: Signatory, field_name: str, *, context, timestamper, reason: str,
               location: str, title: str) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    name = _name(signer.signing_cert)
    signed_at = clock.now().strftime("%H:%M:%S ngày %d/%m/%Y")
    box = signatory.box or (SIGNER_BOX if signatory.role == "signer" else AGENCY_BOX)
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    meta = signers.PdfSignatureMetadata(
        field_name=field_name, reason=reason, location=location, name=name, validation_context=context,
        embed_validation_info=True, subfilter=fields.SigSeedSubFilter.PADES, signer_key_usage={"digital_signature"})
    pdf_signer = signers.PdfSigner(meta, signer=signer, timestamper=timestamper, stamp_style=_stamp_style(),
                                   new_field_spec=fields.SigFieldSpec(field_name, on_page=signatory.page, box=box))
    # Long names and titles wrap; pyHanko then shrinks the whole text to fit the box: it never spills out of it.
    output = pdf_signer.sign_pdf(writer, appearance_text_params={
        "line1": textwrap.fill(f"Ký bởi: {name}", STAMP_LINE_CHARS),
        "line2": textwrap.fill(" ".join(title.split()), STAMP_LINE_CHARS) or " ",
        "line3": f"Thời gian ký: {signed_at}"})
    return output.getvalue()


def _signed_by(role: str, cert) -> SignedBy:
    return SignedBy(role=role, name=_name(cert), serial=format(cert.serial_number, "x"), sha256=cert.sha256.hex(),
                    not_after=cert.not_valid_after.isoformat())


@outside_event_loop
def sign(*, session: Session, pdf: bytes, signatories: list[Signatory], reason: str = "", location: str = "",
         config: SigningConfig | None = None, sleep=time.sleep) -> SignedPdf:
    """The PDF signed by each signatory in order (the signer first, then the agency), time-stamped when configured.

    Every key is opened and every certificate checked before the first signature; SigningRefused (or
    SigningNotConfigured) otherwise. An agency signatory is skipped when no agency key is configured.
    """
    config = config or signing_settings.load(session)
    if not config.enabled:
        raise SigningNotConfigured()
    if not pdf.startswith(b"%PDF-"):
        raise SigningRefused("papers_trust.error.not_pdf")
    roots, others = _trust(config)
    wanted = [s for s in signatories if getattr(config, s.role).source != "none"]
    with contextlib.ExitStack() as stack:
        keys = [(s, stack.enter_context(open_key(getattr(config, s.role)))) for s in wanted]
        for _, signer in keys:
            check_certificate(signer, roots, others)
        timestamper = _timestamper(config, sleep)
        context = _validation_context(roots, others, fetch=True)
        content = pdf
        result = SignedPdf(content=b"", timestamped=timestamper is not None)
        for number, (signatory, signer) in enumerate(keys, start=1):
            title = signatory.title or ("Cơ quan ban hành" if signatory.role == "agency" else "")
            try:
                content = _sign_once(content, signer, signatory, f"Sig{number}_{signatory.role}", context=context,
                                     timestamper=timestamper, reason=reason, location=location, title=title)
            except SigningRefused:
                raise
            except Exception as error:  # the token pulled out mid-way, the TSA failing after the probe, ...
                logger.exception("signing failed")
                raise SigningRefused("papers_trust.error.sign_failed", name=_name(signer.signing_cert)) from error
            result.signers.append(_signed_by(signatory.role, signer.signing_cert))
        result.content = content
        return result


# ---------------------------------------------------------------- validation (verification by file)


@dataclass
class SignatureCheck:
    """One signature found in a PDF, as pyHanko validates it against the configured trust list."""

    signer: str  # the certificate's common name
    intact: bool  # the signed bytes are unchanged
    valid: bool  # the cryptographic signature checks out
    trusted: bool  # the certificate chains to the trust list
    unchanged_after: bool  # nothing but allowed updates (revocation data, later signatures) came after it
    signed_at: Any = None  # aware datetime: the time-stamp's, else the signer's claim
    timestamped: bool = False

    @property
    def good(self) -> bool:
        return self.intact and self.valid and self.trusted and self.unchanged_after


@outside_event_loop
def inspect_signatures(pdf: bytes, roots: list, others: list) -> list[SignatureCheck] | None:
    """Every signature of the PDF validated (no fetching: a public page must answer quickly); None if unreadable."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature

    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception:  # noqa: BLE001 (whatever a malformed upload raises: it is simply not a readable paper)
        return None
    checks = []
    for signature in embedded:
        try:
            name = _name(signature.signer_cert)
        except Exception:  # noqa: BLE001
            name = "?"
        try:
            status = validate_pdf_signature(signature, _validation_context(roots, others, fetch=False))
        except Exception as error:  # noqa: BLE001 (a signature pyHanko cannot even evaluate is broken)
            logger.info("signature %s not evaluated: %r", name, error)
            checks.append(SignatureCheck(name, False, False, False, False))
            continue
        stamp = status.timestamp_validity
        checks.append(SignatureCheck(
            signer=name, intact=bool(status.intact), valid=bool(status.valid), trusted=bool(status.trusted),
            unchanged_after=status.docmdp_ok is not False and getattr(status.modification_level, "value", 0) <= 2,
            signed_at=stamp.timestamp if stamp is not None else status.signer_reported_dt,
            timestamped=stamp is not None and bool(stamp.valid)))
    return checks
