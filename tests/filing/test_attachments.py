"""Uploads: type by content (not by name), size and count limits, Office zips checked, names sanitised."""
from __future__ import annotations

import io
import zipfile

import docx
import pytest

from ideas.core.errors import PermissionDenied, ValidationError
from ideas.filing import attachments
from tests.support.factories.accounts import make_unit
from tests.support.factories.filing import make_draft, person

# A minimal but well-formed one-page PDF.
PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
       b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000")


def _docx_bytes() -> bytes:
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    return buffer.getvalue()


def _zip(names: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in names.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture
def draft(session):
    owner = person(session, unit=make_unit(session))
    return owner, make_draft(session, owner=owner)


def test_real_small_pdf_is_accepted_and_stored(session, draft):
    owner, idea = draft
    saved = attachments.add_attachment(session=session, actor=owner, idea_id=idea.id,
                                       filename="../../etc/Báo cáo\x00 tổng hợp.PDF", content=PDF)
    assert saved.mime == "application/pdf" and saved.size == len(PDF)
    assert saved.filename == "Báo cáo tổng hợp.pdf"
    assert attachments.attachment_content(session, actor=owner, attachment_id=saved.id)[2] == PDF
    frame = attachments.list_attachments(session, idea_id=idea.id)
    assert list(frame["filename"]) == ["Báo cáo tổng hợp.pdf"]


def test_docx_png_and_xlsx_are_accepted(session, draft):
    owner, idea = draft
    import openpyxl

    book = io.BytesIO()
    openpyxl.Workbook().save(book)
    for name, content, ext in (("a.docx", _docx_bytes(), "docx"), ("b.png", PNG, "png"),
                               ("c.xlsx", book.getvalue(), "xlsx")):
        saved = attachments.add_attachment(session=session, actor=owner, idea_id=idea.id, filename=name,
                                           content=content)
        assert saved.filename.endswith("." + ext)


def test_exe_renamed_pdf_is_refused(session, draft):
    owner, idea = draft
    exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
    with pytest.raises(ValidationError) as caught:
        attachments.add_attachment(session=session, actor=owner, idea_id=idea.id, filename="baocao.pdf", content=exe)
    assert caught.value.key == "a11y_input.attach.type" and caught.value.params["name"]


def test_zip_renamed_docx_without_document_is_refused(session, draft):
    owner, idea = draft
    content = _zip({"readme.txt": b"hello", "word/styles.xml": b"<x/>"})
    with pytest.raises(ValidationError) as caught:
        attachments.add_attachment(session=session, actor=owner, idea_id=idea.id, filename="a.docx", content=content)
    assert caught.value.key == "a11y_input.attach.type" and caught.value.params["name"]


def test_zip_bomb_is_refused():
    content = _zip({"word/document.xml": b"\x00" * (20 * 1024 * 1024)})
    with pytest.raises(ValidationError) as caught:
        attachments.detect_type(content)
    assert caught.value.key == "ideas.attach.error.zip_bomb"


def test_eleven_megabytes_is_refused(session, draft):
    owner, idea = draft
    content = PDF + b"0" * (11 * 1024 * 1024)
    with pytest.raises(ValidationError) as caught:
        attachments.add_attachment(session=session, actor=owner, idea_id=idea.id, filename="lon.pdf", content=content)
    assert caught.value.key == "ideas.attach.error.too_large"


def test_sixth_attachment_is_refused_and_duplicates_kept_once(session, draft):
    owner, idea = draft
    for n in range(5):
        attachments.add_attachment(session=session, actor=owner, idea_id=idea.id, filename=f"{n}.pdf",
                                   content=PDF + str(n).encode())
    again = attachments.add_attachment(session=session, actor=owner, idea_id=idea.id, filename="0.pdf",
                                       content=PDF + b"0")
    assert again.filename == "0.pdf"
    with pytest.raises(ValidationError) as caught:
        attachments.add_attachment(session=session, actor=owner, idea_id=idea.id, filename="6.pdf",
                                   content=PDF + b"6")
    assert caught.value.key == "ideas.attach.error.too_many"
    assert len(attachments.list_attachments(session, idea_id=idea.id)) == 5


def test_strangers_cannot_attach_or_download(session, draft):
    owner, idea = draft
    saved = attachments.add_attachment(session=session, actor=owner, idea_id=idea.id, filename="a.pdf", content=PDF)
    stranger = person(session, unit=make_unit(session))
    with pytest.raises(PermissionDenied):
        attachments.add_attachment(session=session, actor=stranger, idea_id=idea.id, filename="b.pdf", content=PDF)
    with pytest.raises(PermissionDenied):
        attachments.attachment_content(session, actor=stranger, attachment_id=saved.id)
    attachments.remove_attachment(session=session, actor=owner, attachment_id=saved.id)
    assert attachments.list_attachments(session, idea_id=idea.id).empty


def test_a_person_may_store_only_so_many_files_an_hour(session, draft):
    from ideas.accounts import throttle

    owner, idea = draft
    throttle.charge_uploads(session=session, actor=owner, count=throttle.UPLOADS_PER_HOUR)
    with pytest.raises(ValidationError) as refused:
        attachments.add_attachment(session=session, actor=owner, idea_id=idea.id, filename="a.pdf", content=PDF)
    assert refused.value.key == "security.upload.too_many"
    assert attachments.list_attachments(session, idea_id=idea.id).empty
