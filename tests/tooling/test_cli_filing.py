"""`python -m ideas ideas list`: formats, filters, drafts never listed, CSV formula neutralised; reindex."""
import csv
import io
import json

from ideas.tooling.cli import main
from tests.support.factories.accounts import make_unit
from tests.support.factories.browse import make_idea, person


def _seed(db):
    with db.session() as s:
        root = make_unit(s, code="ROOT")
        child = make_unit(s, code="CHILD", parent=root)
        other = make_unit(s, code="OTHER")
        owner = person(s, unit=child)
        make_idea(s, owner=owner, title="Cải cách một cửa", status="submitted")
        make_idea(s, owner=owner, unit=other, title="=HYPERLINK(\"http://evil\")", status="recognised")
        make_idea(s, owner=owner, title="Bản nháp bí mật", status="draft")
        make_idea(s, owner=owner, title="Đã rút", status="withdrawn")


def _run(db, capsys, *args):
    code = main(["--database-url", db.url, "ideas", "list", *args])
    return code, capsys.readouterr().out


def test_json_and_filters(db, capsys):
    _seed(db)
    code, out = _run(db, capsys, "--format", "json")
    rows = json.loads(out)
    assert code == 0 and {r["title"] for r in rows} == {"Cải cách một cửa", "=HYPERLINK(\"http://evil\")"}
    assert all("confidential_info" not in r for r in rows)
    assert [r["title"] for r in json.loads(_run(db, capsys, "--format", "json", "--unit", "ROOT")[1])] == [
        "Cải cách một cửa"]
    assert [r["title"] for r in json.loads(_run(db, capsys, "--format", "json", "--search", "CAI cach")[1])] == [
        "Cải cách một cửa"]
    assert [r["status"] for r in json.loads(_run(db, capsys, "--format", "json", "--status", "recognised")[1])] \
        == ["recognised"]
    assert len(json.loads(_run(db, capsys, "--format", "json", "--limit", "1")[1])) == 1


def test_table_and_csv(db, capsys):
    _seed(db)
    code, out = _run(db, capsys)
    assert code == 0 and "Cải cách một cửa" in out and "Bản nháp" not in out and "Đã rút" not in out
    code, out = _run(db, capsys, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["title"] for r in rows} == {"Cải cách một cửa", "'=HYPERLINK(\"http://evil\")"}
    assert list(rows[0]) == ["receipt_no", "title", "unit_code", "status", "support_count", "comment_count",
                             "submitted_at"]


def test_unknown_unit_and_reindex(db, capsys):
    _seed(db)
    assert _run(db, capsys, "--unit", "NOPE")[0] == 2
    assert main(["--database-url", db.url, "ideas", "reindex-similar"]) == 0
    assert "indexed 2 ideas" in capsys.readouterr().out
