"""Random Unicode and random cells through the import preview and commit: never a crash, all or nothing."""
from __future__ import annotations

import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from ideas.accounts import import_rows, imports
from ideas.core.errors import ImportFailed, ValidationError
from ideas.core.models import AuditLog, RoleAssignment, Unit, User
from tests.support.factories.accounts import make_unit, make_user

FILLERS = "\u00ad\u034f\u115f\u1160\u180e\u200b\u2060\u2800\u3164\ufeff\u00a0\u3000\u0301\u0323"
cell = st.one_of(
    st.text(st.characters(categories=["Cf", "Zs", "Mn", "Lo", "Lu", "Ll", "Nd", "Po"]), max_size=12),
    st.text(alphabet=FILLERS, max_size=4),
    st.sampled_from(["", "SNV", "Người lập biểu", "(Ký, ghi rõ họ tên)", "ngày 05 tháng 11 năm 2026", "-1",
                     "nhiều", "admin, reviewer", "a@b.vn", "=1+2", "STT", "1"]),
    st.integers(-5, 10**6).map(str),
)
rows = st.lists(st.lists(cell, min_size=0, max_size=8), max_size=8)
HEADERS = {kind: import_rows.TEMPLATE_HEADERS[kind] for kind in imports.KINDS}


def _csv(kind: str, header_first: bool, body: list[list[str]], encoding: str) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    table = ([HEADERS[kind]] + body) if header_first else (body[:2] + [HEADERS[kind]] + body[2:])
    writer.writerows(table)
    text = buffer.getvalue()
    return text.encode("utf-16") if encoding == "utf-16" else ("\ufeff" + text).encode("utf-8")


def _counts(session) -> tuple[int, ...]:
    return tuple(session.scalar(select(func.count()).select_from(model))
                 for model in (Unit, User, RoleAssignment, AuditLog))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(imports.KINDS), header_first=st.booleans(), body=rows,
       encoding=st.sampled_from(["utf-8", "utf-16"]))
def test_random_files_preview_and_commit_all_or_nothing(db, kind, header_first, body, encoding):
    data = _csv(kind, header_first, body, encoding)
    with db.session() as s:
        admin = s.scalar(select(User).where(User.username == "fuzzadmin"))
        if admin is None:
            admin = make_user(s, unit=make_unit(s, code="SNV"), roles=[("admin", None)], username="fuzzadmin")
    with db.read_session() as s:
        before = _counts(s)
        try:
            preview = imports.preview_import(session=s, actor=s.get(User, admin.id), kind=kind, data=data,
                                             filename="f.csv")
        except ValidationError:
            preview = None
    try:
        with db.session() as s:
            result = imports.commit_import(session=s, actor=s.get(User, admin.id), kind=kind, data=data,
                                           filename="f.csv")
    except (ImportFailed, ValidationError):
        with db.read_session() as s:
            assert _counts(s) == before  # nothing half-written
        assert preview is None or preview.errors
        return
    assert preview is not None and not preview.errors
    assert (result.created, result.updated, result.unchanged) == (preview.new, preview.updated, preview.unchanged)
    with db.read_session() as s:
        after = _counts(s)
    grew = after[0] - before[0] if kind == "units" else after[1] - before[1]
    assert grew == result.created
