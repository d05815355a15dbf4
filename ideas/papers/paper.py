"""One model of an official paper after Decree 30/2020/NĐ-CP, Appendix I, from which every renderer works.

A builder (papers.receipts, review.documents, rewards.exports) reads the database and returns a `Paper`;
`docx_render.render_docx(paper)` and `pdf_render.render_pdf(paper)` lay it out. Nothing here reads the
database or knows what the paper is about: it is the layout's vocabulary.

The parts, top to bottom, as the decree numbers them: (1) national motto with its underline, (2) the agency
block (parent body, issuing body underlined), (3) number and symbol, (4) italic place-and-date line,
(5) kind and abstract, legal grounds, (6) body, (7) signature blocks (authority, title, name), (9) "Nơi
nhận". An annex follows on its own page with its heading and "(Kèm theo ...)" line.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

MOTTO_1 = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_2 = "Độc lập - Tự do - Hạnh phúc"


def date_words(day: dt.date | None) -> str:
    """"ngày 05 tháng 02 năm 2026": leading zeros for days below 10 and months 1-2 (Decree 30, Appendix I);
    blanks to fill by hand when there is no date yet."""
    if day is None:
        return "ngày      tháng      năm        "
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


@dataclass
class Text:
    """A paragraph of the body. `indent` is the first-line indent of running text (Appendix I: 1-1.27 cm)."""

    text: str
    bold: bool = False
    italic: bool = False
    align: str = "justify"  # "left", "center", "right" or "justify"
    indent: bool = True
    size: float = 14


@dataclass
class Column:
    label: str
    width_mm: float
    align: str = "left"  # of the data cells; headers are centred


@dataclass
class Row:
    cells: list[str]
    bold: bool = False
    span: int = 1  # the first cell spans this many columns (a section heading or a total's label)


@dataclass
class Table:
    """A ruled table; its header row repeats on every page it spans."""

    columns: list[Column]
    rows: list[Row]
    size: float = 12

    @property
    def width_mm(self) -> float:
        return sum(c.width_mm for c in self.columns)


Block = Text | Table


@dataclass
class Signer:
    """One signature block: "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH" / (space to sign) / "Nguyễn Văn A"."""

    title: str
    name: str = ""
    authority: str = ""  # "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", ... ; empty when the head signs in person


@dataclass
class Verification:
    """The verification block: the QR code of the public address and the code in words."""

    code: str
    url: str
    png: bytes


def verification_block(public_url: str, code: str | None) -> Verification | None:
    """The QR code of <public_url>/verify/<code> (segno, deterministic for one address) and the code."""
    if not code:
        return None
    import io

    import segno

    url = f"{public_url.rstrip('/')}/verify/{code}"
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buffer, kind="png", scale=6, border=2)
    return Verification(code=code, url=url, png=buffer.getvalue())


@dataclass
class Annex:
    """A list attached to the paper, on its own page: heading, "(Kèm theo ...)" line and body."""

    heading: str
    attached_line: str
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Paper:
    """Any Appendix I paper. `number` is "12/QĐ-UBND" (the "Số:" is the renderer's); `kind` is "QUYẾT ĐỊNH",
    "GIẤY CHỨNG NHẬN", ... and `abstract` its "Về việc ..." line (may be empty, as on a certificate)."""

    issuing_body: str
    number: str
    place: str
    date: dt.date | None
    kind: str
    parent_body: str = ""
    abstract: str = ""
    grounds: list[str] = field(default_factory=list)
    body: list[Block] = field(default_factory=list)
    signers: list[Signer] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)  # "Nơi nhận"; empty: no block (a certificate)
    landscape: bool = False
    verification: Verification | None = None
    annex: Annex | None = None
    title: str = ""  # the file's document title (PDF metadata)

    @property
    def number_line(self) -> str:
        return f"Số: {self.number}"

    @property
    def place_date(self) -> str:
        words = date_words(self.date)
        return f"{self.place}, {words}" if self.place else words[:1].upper() + words[1:]

    @property
    def agency_lines(self) -> list[tuple[str, bool]]:
        """(line in capitals, bold): the parent body in plain capitals, the issuing body in bold."""
        from ideas.core.text import same_name

        lines = []
        if self.parent_body.strip() and not same_name(self.parent_body, self.issuing_body):
            lines.append((self.parent_body.strip().upper(), False))
        lines.append((self.issuing_body.strip().upper(), True))
        return lines

    def texts(self) -> list[str]:
        """Every text of the paper in reading order (tests and searches)."""
        out = [MOTTO_1, MOTTO_2, *(line for line, _ in self.agency_lines), self.number_line, self.place_date,
               self.kind, self.abstract, *self.grounds]
        out += _block_texts(self.body)
        for signer in self.signers:
            out += [signer.authority, signer.title, signer.name]
        out += self.recipients
        if self.annex:
            out += [self.annex.heading, self.annex.attached_line, *_block_texts(self.annex.blocks)]
        return [text for text in out if text]


def _block_texts(blocks: list[Block]) -> list[str]:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Text):
            out.append(block.text)
        else:
            out += [c.label for c in block.columns]
            for row in block.rows:
                out += row.cells
    return out
