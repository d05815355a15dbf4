"""Attachments of an idea: type checked by content (magic bytes, zip structure), stored in the database."""
from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import zipfile

import filetype
import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ideas.accounts import throttle
from ideas.core import audit, settings
from ideas.core.errors import NotFound, PermissionDenied, ValidationError
from ideas.core.models import Attachment, Idea, User
from ideas.core.permissions import can
from ideas.filing.records import get_idea, is_author

MAX_BYTES = settings.UPLOAD_MAX_BYTES  # the one upload limit; the widget's sits above it (settings)
MAX_PER_IDEA = 5
# A docx/xlsx is a zip: refuse archives that would inflate far beyond their size (zip bombs).
MAX_UNCOMPRESSED = 100 * 1024 * 1024
MAX_RATIO = 100
MAX_ZIP_ENTRIES = 2000
EDITABLE = frozenset({"draft", "returned"})

MIME = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
    "jpg": "image/jpeg",
}
ALLOWED_LABEL = "pdf, docx, xlsx, png, jpg"
_OFFICE_MARKERS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
_UNSAFE = re.compile(r"[^\w.\- ()]+")


def sanitize_filename(name: str, ext: str) -> str:
    """A safe display/download name: no path, no control characters, the detected extension."""
    base = unicodedata.normalize("NFC", str(name or "")).replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = _UNSAFE.sub("_", stem).strip(" ._") or "tep"
    return f"{stem[:200]}.{ext}"


def _office_kind(content: bytes) -> str:
    """'docx' or 'xlsx' for a sound Office zip; raises ValidationError otherwise."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise ValidationError("ideas.attach.error.type", allowed=ALLOWED_LABEL) from error
    if len(infos) > MAX_ZIP_ENTRIES:
        raise ValidationError("ideas.attach.error.zip_bomb")
    total = sum(max(info.file_size, 0) for info in infos)
    if total > MAX_UNCOMPRESSED or total > MAX_RATIO * max(len(content), 1):
        raise ValidationError("ideas.attach.error.zip_bomb")
    names = {info.filename for info in infos}
    for kind, marker in _OFFICE_MARKERS.items():
        if marker in names:
            return kind
    raise ValidationError("ideas.attach.error.type", allowed=ALLOWED_LABEL)


def detect_type(content: bytes) -> str:
    """The allowed extension the bytes really are (pdf, docx, xlsx, png, jpg), or ValidationError."""
    if content[:4] == b"PK\x03\x04":
        return _office_kind(content)
    kind = filetype.guess(content[:8192])
    ext = kind.extension if kind else None
    if ext == "jpeg":
        ext = "jpg"
    if ext not in ("pdf", "png", "jpg"):
        raise ValidationError("ideas.attach.error.type", allowed=ALLOWED_LABEL)
    return ext


def check_file(filename: str, content: bytes) -> str:
    """A file's detected extension; a file too large, empty or of another type is refused naming the file."""
    if len(content) > MAX_BYTES:
        raise ValidationError("ideas.attach.error.too_large", name=filename, limit_mb=settings.UPLOAD_LIMIT_MB)
    if not content:
        raise ValidationError("ideas.attach.error.empty", name=filename)
    try:
        return detect_type(content)
    except ValidationError as error:
        raise ValidationError(f"a11y_input.attach.{error.key.rsplit('.', 1)[-1]}", name=filename,
                              **error.params) from error


def file_problems(files: list[tuple[str, bytes]]) -> list[ValidationError]:
    """Every refused file of an upload, each naming its file (the page shows them all; nothing is saved)."""
    problems = []
    for filename, content in files:
        try:
            check_file(filename, content)
        except ValidationError as error:
            problems.append(error)
    return problems


def _idea_for_edit(session: Session, actor: User, idea_id: int) -> Idea:
    idea = get_idea(session, idea_id)
    if not is_author(session, idea, actor.id):
        raise PermissionDenied(action="ideas.edit")
    if idea.status not in EDITABLE:
        raise ValidationError("ideas.submit.error.not_editable")
    return idea


def add_attachment(*, session: Session, actor: User, idea_id: int, filename: str, content: bytes) -> Attachment:
    """Attach a file (checked by content and size) to an editable idea; the same file twice is kept once."""
    idea = _idea_for_edit(session, actor, idea_id)
    ext = check_file(filename, content)
    digest = hashlib.sha256(content).hexdigest()
    existing = session.scalar(select(Attachment).where(Attachment.idea_id == idea.id, Attachment.sha256 == digest))
    if existing is not None:
        return existing
    count = session.scalar(select(func.count()).select_from(Attachment).where(Attachment.idea_id == idea.id)) or 0
    if count >= MAX_PER_IDEA:
        raise ValidationError("ideas.attach.error.too_many", limit=MAX_PER_IDEA)
    throttle.charge_uploads(session=session, actor=actor)  # a per-person hourly cap on stored files
    attachment = Attachment(idea_id=idea.id, filename=sanitize_filename(filename, ext), mime=MIME[ext],
                            size=len(content), sha256=digest, content=content, uploaded_by=actor.id)
    session.add(attachment)
    session.flush()
    audit.record(session=session, actor=actor, action="attachment.add", entity="idea", entity_id=idea.id,
                 details={"attachment_id": attachment.id, "filename": attachment.filename, "size": len(content),
                          "sha256": digest})
    return attachment


def remove_attachment(*, session: Session, actor: User, attachment_id: int) -> None:
    """Delete an attachment of an editable idea."""
    attachment = session.get(Attachment, attachment_id)
    if attachment is None:
        raise NotFound("ideas.attach.error.not_found", attachment=attachment_id)
    _idea_for_edit(session, actor, attachment.idea_id)
    audit.record(session=session, actor=actor, action="attachment.remove", entity="idea",
                 entity_id=attachment.idea_id, details={"attachment_id": attachment.id,
                                                        "filename": attachment.filename})
    session.delete(attachment)
    session.flush()


def list_attachments(session: Session, *, idea_id: int) -> pd.DataFrame:
    """Metadata of an idea's attachments (never the bytes)."""
    query = (select(Attachment.id, Attachment.filename, Attachment.mime, Attachment.size, Attachment.created_at)
             .where(Attachment.idea_id == idea_id).order_by(Attachment.id))
    return pd.DataFrame(session.execute(query).all(), columns=["id", "filename", "mime", "size", "created_at"])


def attachment_content(session: Session, *, actor: User, attachment_id: int) -> tuple[str, str, bytes]:
    """(filename, mime, bytes) for an author of the idea or someone who may see confidential files."""
    attachment = session.get(Attachment, attachment_id)
    if attachment is None:
        raise NotFound("ideas.attach.error.not_found", attachment=attachment_id)
    idea = session.get(Idea, attachment.idea_id)
    if not (is_author(session, idea, actor.id)
            or can(session, actor, "ideas.view_confidential", unit_id=idea.unit_id)):
        raise PermissionDenied(action="ideas.attachment")
    return attachment.filename, attachment.mime, attachment.content
