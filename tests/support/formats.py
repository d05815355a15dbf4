"""Vietnamese formats on screens and in downloads: the one list of wrong patterns, what an AppTest page shows
(text, labels, options, table cells as the browser draws them, charts) and what its download buttons hold."""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

# name -> pattern of a wrong format in text a Vietnamese reader sees. Tuned against the demo province: receipt
# numbers (SK-2026-0001), decision numbers (215/QĐ-UBND), years, phone numbers and e-mails are not hits.
WRONG = {
    "thousands comma": re.compile(r"(?<![\d,])\d{1,3}(?:,\d{3})+(?![\d,])"),  # 2,340,000 (vi: 2.340.000)
    # 78.2, 300.00 (vi: 78,2, 300); a form's version ("phiên bản bố cục 2023.1") is a name, not a number
    "decimal dot": re.compile(r"(?<![\d.\w/-])(?<!bản )(?<!bố cục )\d+\.\d{1,2}(?![\d.])"),
    "ISO date": re.compile(r"(?<![\w-])\d{4}-\d{2}-\d{2}(?![\w-])"),  # 2027-06-07 (vi: 07/06/2027)
    "number without separators": re.compile(r"(?<![\w/.,+:-])(?!0\d{8,10}\b)\d{5,}(?![\w/.,:-])"),  # 25000000
    "negative days": re.compile(r"[−-]\s?\d+\s+ngày"),  # "−202 ngày" (vi: "quá hạn 202 ngày")
    "trailing zero decimal": re.compile(r"(?<![\d.,])\d+,0(?![\d])(?!\d* ?%)"),  # 100,0 (a count: 100)
    "not a value": re.compile(r"\b(None|NaN|nan|NaT|null|undefined|inf)\b"),
    "raw code": re.compile(r"\b(reward_officer|auth\.[a-z_]+|[a-z]+\.[a-z]+_[a-z_]+|PAR[1-8])\b"),
}

def problems(texts: Iterable[str]) -> list[str]:
    """Each text with the wrong formats it holds, as "<pattern name>: '<text>'"."""
    found = []
    for text in texts:
        for name, pattern in WRONG.items():
            if pattern.search(text):
                found.append(f"{name}: {text[:90]!r}")
    return found


# ---------------------------------------------------------------- what a page shows


def _nodes(node) -> Iterator[object]:
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _nodes(child)


def _cell_as_drawn(value: object, number_format: str | None) -> str:
    """A number cell as Streamlit's grid draws it: no grouping, up to four decimals with a dot, or a printf format."""
    if isinstance(value, bool) or value is None:
        return ""
    if number_format == "%d":
        return str(int(value))
    if float(value) == int(value):
        return str(int(value))
    return f"{float(value):.4f}".rstrip("0").rstrip(".")


YEAR_LABELS = {"year", "năm"}
# Identifiers people type (codes, logins, e-mails), and the audit log's details: the stored record under the hash
# chain, shown verbatim as evidence (admin_audit), not prose to reformat.
IDENTIFIER_COLUMNS = {"code", "username", "email", "unit_code", "parent_code", "entity_id", "seq", "details"}


def table_texts(frame_element) -> list[str]:
    """A shown table's cells as the browser draws them; number columns of four digits or more, or with
    decimals, are drawn without Vietnamese separators (a view preformats such columns as text)."""
    table = frame_element.value
    config = json.loads(frame_element.proto.columns or "{}")
    texts = []
    for column in table.columns:
        settings = config.get(str(column), {})
        if settings.get("hidden"):
            continue
        label = str(settings.get("label") or column)
        series = table[column].dropna()
        if series.dtype.kind in "iuf":
            number_format = (settings.get("type_config") or {}).get("format")
            drawn = [_cell_as_drawn(v, number_format) for v in series]
            if label.lower() not in YEAR_LABELS and any(abs(v) >= 1000 for v in series):
                texts.append(f"number column {label!r} drawn without separators: {max(series, key=abs)}")
            texts += drawn
        elif column not in IDENTIFIER_COLUMNS:
            texts += [str(v) for v in series if isinstance(v, str)]
    return texts


def number_input_texts(at) -> list[str]:
    """Number fields as drawn: a float field without a format shows two decimals with a dot (300.00)."""
    texts = []
    for field in at.number_input:
        value = field.value
        if value is not None:
            number_format = field.proto.format or ("%0.2f" if isinstance(value, float) else "%d")
            texts.append(f"{field.label}: {number_format % value}")
    return texts


TEXT_ELEMENTS = ("title", "header", "subheader", "markdown", "caption", "text", "info", "warning", "error",
                 "success", "toast", "exception")


def shown_texts(at) -> list[str]:
    """Everything a page shows as text: elements, metrics, widget labels/help/placeholders/options, table cells as
    drawn, number fields as drawn, chart titles and their data labels."""
    from tests.support.apptest import shown

    texts = [shown(str(element.value)) for kind in TEXT_ELEMENTS for element in at.get(kind)]
    texts += [f"{metric.label}: {metric.value}" for metric in at.get("metric")]
    for node in _nodes(at._tree):
        proto = getattr(node, "proto", None)
        for name in ("label", "help", "placeholder"):
            value = getattr(proto, name, None) if proto is not None and hasattr(proto, name) else None
            if isinstance(value, str) and value:
                texts.append(shown(value))
        options = getattr(proto, "options", None) if proto is not None and hasattr(proto, "options") else None
        if options is not None and not isinstance(options, str):
            texts += [str(option) for option in options if isinstance(option, str)]
    for frame in at.dataframe:
        texts += table_texts(frame)
    texts += number_input_texts(at)
    texts += chart_texts(at)
    return [text for text in texts if text]


def chart_texts(at) -> list[str]:
    """Chart titles and text marks' data; a chart without the Vietnamese number locale is a problem of its own."""
    texts = []
    for chart in at.get("vega_lite_chart"):
        spec = json.loads(chart.proto.spec)
        number = spec.get("config", {}).get("locale", {}).get("number", {})
        if (number.get("decimal"), number.get("thousands")) != (",", "."):
            texts.append(f"chart without the vi number locale: None {spec.get('title', '')!s:.60}")
        texts.append(str(spec.get("title", "")))
        datasets = spec.get("datasets", {})
        for layer in [spec, *spec.get("layer", [])]:
            text_field = layer.get("encoding", {}).get("text", {}).get("field")
            if text_field and layer.get("encoding", {}).get("text", {}).get("type") == "nominal":
                for rows in datasets.values():
                    texts += [str(row[text_field]) for row in rows if text_field in row]
    return texts


# ---------------------------------------------------------------- what its downloads hold


@dataclass
class Download:
    file_name: str
    mimetype: str
    data: bytes


class Downloads:
    """Every file an AppTest's download buttons offered, by button label (see `record_downloads`)."""

    def __init__(self) -> None:
        self.by_id: dict[str, Download] = {}

    def of(self, at) -> dict[str, Download]:
        found = {}
        for element in at.get("download_button"):
            url = element.proto.url
            file_id = url.rsplit("/", 1)[-1].split(".", 1)[0]
            if file_id in self.by_id:
                found[element.proto.label] = self.by_id[file_id]
        return found


def record_downloads(monkeypatch) -> Downloads:
    """Keep every file AppTest's media storage receives (it forgets them after each run)."""
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
    from streamlit.testing.v1 import app_test as app_test_module

    downloads = Downloads()

    class Recording(MemoryMediaFileStorage):
        def load_and_get_id(self, path_or_data, mimetype, kind, filename=None):
            file_id = super().load_and_get_id(path_or_data, mimetype, kind, filename)
            if filename:
                downloads.by_id[file_id] = Download(filename, mimetype, self._files_by_id[file_id].content)
            return file_id

    monkeypatch.setattr(app_test_module, "MemoryMediaFileStorage", Recording)
    return downloads


ENGLISH_FILE_WORDS = re.compile(r"participation|logins?|export|report|list|download|passwords?|template",
                                re.IGNORECASE)


def download_problems(download: Download) -> list[str]:
    """A CSV for Vietnamese Excel (BOM, ";", decimal comma, dd/mm/yyyy) with a Vietnamese name."""
    found = []
    if ENGLISH_FILE_WORDS.search(download.file_name):
        found.append(f"English file name: {download.file_name}")
    if not download.file_name.lower().endswith(".csv"):
        return found
    if not download.data.startswith(b"\xef\xbb\xbf"):
        found.append(f"{download.file_name}: no BOM")
    text = download.data.decode("utf-8-sig")
    header = text.splitlines()[0] if text else ""
    if "," in header and ";" not in header:
        found.append(f"{download.file_name}: comma-separated ({header[:60]!r})")
    from ideas.core import csvfile

    for row in csvfile.read(download.data):
        for cell in row:
            if re.fullmatch(r"-?\d+\.\d+", cell) or WRONG["ISO date"].search(cell) or WRONG["not a value"].fullmatch(
                    cell):
                found.append(f"{download.file_name}: cell {cell!r}")
    return found
