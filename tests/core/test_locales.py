"""The locale catalogue: both languages have the same keys, every key used in code exists, params match."""
import re
import string
from pathlib import Path

from ideas.core.i18n import LANGUAGES, catalogue, t

ROOT = Path(__file__).resolve().parents[2]
KEY_USE = re.compile(r"""\bT\(\s*["']([a-z0-9_.]+)["']""")


def test_both_languages_have_the_same_keys():
    vi, en = catalogue("vi"), catalogue("en")
    assert sorted(set(vi) - set(en)) == [], "missing in English"
    assert sorted(set(en) - set(vi)) == [], "missing in Vietnamese"


def test_placeholders_agree_between_languages():
    formatter = string.Formatter()

    def fields(text):
        return {name for _, name, _, _ in formatter.parse(text) if name}

    vi, en = catalogue("vi"), catalogue("en")
    mismatched = [key for key in vi if fields(vi[key]) != fields(en[key])]
    assert mismatched == []


def test_every_literal_key_used_by_pages_exists():
    sources = list((ROOT / "pages").glob("*.py")) + [ROOT / "app.py", ROOT / "ui.py"]
    used = {key for path in sources for key in KEY_USE.findall(path.read_text(encoding="utf-8"))}
    missing = sorted(key for key in used if key not in catalogue("vi"))
    assert missing == []


def test_error_keys_raised_in_the_domain_exist():
    pattern = re.compile(r"""(?:Error|Denied|NotFound|Transition|Failed|Update)\(\s*["']([a-z0-9_.]+)["']""")
    used = {key for path in (ROOT / "ideas").rglob("*.py") for key in pattern.findall(path.read_text("utf-8"))}
    missing = sorted(key for key in used if key not in catalogue("vi"))
    assert missing == []


def test_translation_falls_back_and_formats():
    assert t("auth.error.locked", "vi", minutes=15).endswith("15 phút.")
    assert "15 minutes" in t("auth.error.locked", "en", minutes=15)
    assert t("no.such.key", "en") == "no.such.key"
    assert set(LANGUAGES) == {"vi", "en"}


def test_times_are_shown_in_vietnam_time_and_dates_day_first():
    import datetime as dt

    from ideas.core.i18n import fmt_date, fmt_datetime

    stored_utc = dt.datetime(2026, 11, 27, 23, 51)
    assert fmt_datetime(stored_utc, "vi") == "06:51 28/11/2026"
    assert fmt_datetime(stored_utc, "en") == "28 Nov 2026 06:51"
    assert fmt_date(dt.date(2027, 2, 27), "vi") == "27/02/2027"
    assert fmt_datetime(None) == ""
