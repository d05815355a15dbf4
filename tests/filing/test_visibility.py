"""Who sees drafts, withdrawn files and confidential fields: idea page, downloads, browse, search, similar."""
import pytest

from ideas.core.errors import PermissionDenied
from ideas.core.models import Attachment
from ideas.filing import browse, similar, visibility
from tests.support.factories.accounts import make_unit
from tests.support.factories.browse import make_idea
from tests.support.factories.browse import person as make_user

SECRET = "Bí mật kỹ thuật zyxwvu"


@pytest.fixture
def people(session):
    root = make_unit(session, code="P", name="Tỉnh")
    a = make_unit(session, code="A", name="Sở A", parent=root)
    b = make_unit(session, code="B", name="Sở B", parent=root)
    owner = make_user(session, unit=a)
    co = make_user(session, unit=a)
    return {
        "a": a, "b": b, "owner": owner, "co": co,
        "staff": make_user(session, unit=b),
        "reviewer_in": make_user(session, unit=b, roles=[("reviewer", a)]),
        "reviewer_out": make_user(session, unit=a, roles=[("reviewer", b)]),
        "secretary_root": make_user(session, unit=b, roles=[("secretary", root)]),
        "admin": make_user(session, unit=b, roles=[("admin", None)]),
    }


def _idea(session, people, status):
    return make_idea(session, owner=people["owner"], coauthors=[(people["co"], 40)], status=status,
                     title="Cải cách một cửa điện tử", confidential=SECRET)


PRIVATE_SEEN_BY = {"owner": True, "co": True, "staff": False, "reviewer_in": False, "reviewer_out": False,
                   "secretary_root": False, "admin": True}
CONFIDENTIAL_SEEN_BY = {"owner": True, "co": True, "staff": False, "reviewer_in": True, "reviewer_out": False,
                        "secretary_root": True, "admin": True}


@pytest.mark.parametrize("status", ["draft", "withdrawn"])
def test_private_ideas_only_for_authors_and_admins(session, people, status):
    idea = _idea(session, people, status)
    for who, sees in PRIVATE_SEEN_BY.items():
        actor = people[who]
        assert visibility.can_view(session, actor, idea) is sees, who
        if sees:
            assert visibility.idea_record(session, actor=actor, idea_id=idea.id)["title"] == "Cải cách một cửa điện tử"
        else:
            with pytest.raises(PermissionDenied):
                visibility.idea_record(session, actor=actor, idea_id=idea.id)


def test_confidential_only_for_authors_council_in_scope_and_admins(session, people):
    idea = _idea(session, people, "submitted")
    for who, confidential in CONFIDENTIAL_SEEN_BY.items():
        view = visibility.idea_record(session, actor=people[who], idea_id=idea.id)
        assert view["confidential_visible"] is confidential, who
        assert ("confidential_info" in view) is confidential, who
        assert (SECRET in repr(view)) is confidential, who
        if confidential:
            assert view["confidential_info"] == SECRET
        assert [a["share"] for a in view["authors"]] == [60, 40]


def test_view_has_history_and_attachments_metadata(session, people):
    idea = _idea(session, people, "under_review")
    session.add(Attachment(idea_id=idea.id, filename="bao-cao.pdf", mime="application/pdf", size=4,
                           sha256="0" * 64, content=b"%PDF"))
    session.flush()
    view = visibility.idea_record(session, actor=people["staff"], idea_id=idea.id)
    assert [(h["from_status"], h["to_status"]) for h in view["history"]] == [
        ("draft", "submitted"), ("submitted", "under_review")]
    assert view["attachments"][0]["filename"] == "bao-cao.pdf"
    assert "content" not in view["attachments"][0]
    name, mime, data = visibility.attachment_for_download(
        session, actor=people["staff"], attachment_id=view["attachments"][0]["id"])
    assert (name, mime, data) == ("bao-cao.pdf", "application/pdf", b"%PDF")


def test_draft_attachment_not_downloadable_by_others(session, people):
    idea = _idea(session, people, "draft")
    att = Attachment(idea_id=idea.id, filename="x.pdf", mime="application/pdf", size=4, sha256="0" * 64,
                     content=b"%PDF")
    session.add(att)
    session.flush()
    with pytest.raises(PermissionDenied):
        visibility.attachment_for_download(session, actor=people["staff"], attachment_id=att.id)
    assert visibility.attachment_for_download(session, actor=people["co"], attachment_id=att.id)[2] == b"%PDF"


def test_browse_search_similar_never_leak_drafts_or_confidential(session, people):
    _idea(session, people, "draft")
    _idea(session, people, "withdrawn")
    public = _idea(session, people, "submitted")
    for who in ("owner", "admin", "staff"):
        frame, total = browse.browse(session, actor=people[who], text="cai cach")
        assert total == 1 and list(frame.id) == [public.id]
        # the confidential words are not searchable
        assert browse.browse(session, actor=people[who], text="zyxwvu")[1] == 0
    found = similar.similar_to_text(session, actor=people["staff"], text="Cải cách một cửa điện tử")
    assert list(found.id) == [public.id]
    assert similar.similar_to_text(session, actor=people["staff"], text="Bí mật kỹ thuật zyxwvu").empty


@pytest.mark.parametrize("status", ["draft", "withdrawn", "submitted", "recognised"])
def test_the_command_line_sees_public_ideas_without_their_secrets(session, people, status):
    from ideas.core.permissions import SYSTEM

    idea = _idea(session, people, status)
    assert visibility.can_view(session, SYSTEM, idea) is (status in visibility.PUBLIC_STATUSES)
    assert not visibility.can_view_confidential(session, SYSTEM, idea)
    if status in visibility.PUBLIC_STATUSES:
        assert "confidential_info" not in visibility.idea_record(session, actor=SYSTEM, idea_id=idea.id)


@pytest.mark.parametrize("call", [
    lambda s, i: visibility.can_view(s, None, i),
    lambda s, i: browse.browse(s, actor=None),
    lambda s, i: similar.similar_to_text(s, actor=None, text="cai cach"),
    lambda s, i: similar.similar_to_idea(s, actor=None, idea_id=i.id),
])
def test_a_missing_reader_is_a_programming_error(session, people, call):
    with pytest.raises(TypeError):
        call(session, _idea(session, people, "submitted"))
