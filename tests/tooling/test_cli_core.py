"""Core CLI: migrate, create-admin, import-units/import-staff (dry run, errors, passwords file), demo."""
from __future__ import annotations

import io

from sqlalchemy import func, select

from ideas.accounts import users
from ideas.core.models import Unit, User
from ideas.tooling.cli import main

UNITS = "Mã đơn vị,Tên đơn vị,Mã đơn vị cấp trên,Biên chế\nT,UBND tỉnh,,3\nS,Sở Nội vụ,T,20\n"
STAFF = "Họ và tên,Tên đăng nhập,Email,Mã đơn vị,Chức vụ,Vai trò\nNguyễn Văn An,annv,,S,Chuyên viên,thư ký\n"


def cli(db, *args: str) -> int:
    return main(["--database-url", db.url, *args])


def counts(db) -> tuple[int, int]:
    with db.read_session() as s:
        return s.scalar(select(func.count()).select_from(Unit)), s.scalar(select(func.count()).select_from(User))


def test_migrate(db, capsys):
    assert cli(db, "migrate") == 0
    assert "ok" in capsys.readouterr().out


def test_create_admin_from_stdin_even_when_an_admin_exists(db, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("Mat-khau-rat-dai-2026\n"))
    assert cli(db, "create-admin", "--username", "qt1", "--full-name", "Quản Trị Một", "--password-stdin") == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("Mat-khau-khac-dai-2026\n"))
    assert cli(db, "create-admin", "--username", "qt2", "--full-name", "Quản Trị Hai", "--password-stdin") == 0
    assert "qt2" in capsys.readouterr().out
    with db.read_session() as s:
        user = users.authenticate(session=s, username="qt2", password="Mat-khau-khac-dai-2026")
        assert {r.role for r in user.roles} == {"admin"}


def test_create_admin_refuses_mismatch_and_weak_password(db, capsys, monkeypatch):
    answers = iter(["Mat-khau-rat-dai-2026", "khac"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert cli(db, "create-admin", "--username", "qt", "--full-name", "Quản Trị") == 1
    assert "không khớp" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("ngan\n"))
    assert cli(db, "create-admin", "--username", "qt", "--full-name", "Quản Trị", "--password-stdin",
               "--lang", "en") == 1
    assert "at least" in capsys.readouterr().err
    assert counts(db)[1] == 0


def test_import_units_dry_run_then_real(db, tmp_path, capsys):
    path = tmp_path / "units.csv"
    path.write_text(UNITS, encoding="utf-8")
    assert cli(db, "import-units", str(path), "--dry-run") == 0
    assert "2 mới" in capsys.readouterr().out
    assert counts(db) == (0, 0)
    assert cli(db, "import-units", str(path)) == 0
    assert counts(db)[0] == 2
    assert cli(db, "import-units", str(path), "--lang", "en") == 0
    assert "0 new, 0 updated, 2 unchanged" in capsys.readouterr().out


def test_bad_file_exits_1_with_row_errors_and_writes_nothing(db, tmp_path, capsys):
    path = tmp_path / "units.csv"
    path.write_text(UNITS + "X,Xã,KHONGCO,-1\n", encoding="utf-8")
    assert cli(db, "import-units", str(path)) == 1
    err = capsys.readouterr().err
    assert "Dòng 4, cột Mã đơn vị cấp trên" in err and "Dòng 4, cột Biên chế" in err
    assert counts(db) == (0, 0)
    assert cli(db, "import-units", str(path), "--dry-run", "--lang", "en") == 1
    assert "Row 4, column Headcount" in capsys.readouterr().err
    assert cli(db, "import-units", str(tmp_path / "missing.csv")) == 2


def test_import_staff_writes_passwords_file(db, tmp_path, capsys):
    (tmp_path / "units.csv").write_text(UNITS, encoding="utf-8")
    (tmp_path / "staff.csv").write_text(STAFF, encoding="utf-8")
    out = tmp_path / "passwords.csv"
    assert cli(db, "import-units", str(tmp_path / "units.csv")) == 0
    assert cli(db, "import-staff", str(tmp_path / "staff.csv"), "--passwords-out", str(out)) == 0
    text = out.read_text(encoding="utf-8-sig")
    assert text.startswith("Tên đăng nhập;Họ và tên;Mật khẩu tạm thời") and "annv" in text  # for Vietnamese Excel
    password = text.splitlines()[1].split(";")[2]
    assert password not in capsys.readouterr().out
    assert out.stat().st_mode & 0o077 == 0
    with db.session() as s:
        assert users.authenticate(session=s, username="annv", password=password).must_change_password


def test_import_staff_prints_passwords_once_without_file(db, tmp_path, capsys):
    (tmp_path / "units.csv").write_text(UNITS, encoding="utf-8")
    (tmp_path / "staff.csv").write_text(STAFF, encoding="utf-8")
    cli(db, "import-units", str(tmp_path / "units.csv"))
    capsys.readouterr()
    assert cli(db, "import-staff", str(tmp_path / "staff.csv")) == 0
    assert "annv" in capsys.readouterr().out


def test_demo_prints_logins_and_refuses_a_second_time(db, capsys):
    assert cli(db, "demo") == 0
    out = capsys.readouterr().out
    assert "demo.thuky" in out and "demo.giamkhao1" in out
    assert cli(db, "demo") == 1
    assert "chưa có đơn vị" in capsys.readouterr().err
