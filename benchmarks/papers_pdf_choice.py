"""The measurement behind the PDF generator's choice (docs/PAPERS.md): one certificate and a 500-row award annex
laid out from the same `Paper` by reportlab (ideas/papers/pdf_render.py, the one chosen) and by the fpdf2 candidate
(benchmarks/papers_pdf_fpdf2.py), each timed over several runs and checked with poppler (pages, embedded
fonts).

    python -m benchmarks.papers_pdf_choice [--rows 500] [--runs 3]
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from benchmarks.papers_pdf_fpdf2 import render_pdf as render_fpdf2
from ideas.papers.paper import Annex, Column, Paper, Row, Signer, Table, Text, Verification
from ideas.papers.pdf_render import render_pdf


def certificate() -> Paper:
    from ideas.papers.verification import qr_png

    code = "K7QF-9XPM-2D"
    return Paper(
        parent_body="ỦY BAN NHÂN DÂN TỈNH AN HÒA", issuing_body="HỘI ĐỒNG SÁNG KIẾN TỈNH", number="15/GCN-HĐSK",
        place="An Hòa", date=dt.date(2026, 2, 5), kind="GIẤY CHỨNG NHẬN SÁNG KIẾN",
        grounds=["Căn cứ Nghị định số 13/2012/NĐ-CP ngày 02 tháng 3 năm 2012 của Chính phủ ban hành Điều lệ "
                 "Sáng kiến;"],
        body=[Text("Sáng kiến: Sổ tay một cửa điện tử cho bộ phận tiếp nhận và trả kết quả", bold=True),
              Table([Column("STT", 12, "center"), Column("Tác giả", 60), Column("Đơn vị công tác", 63),
                     Column("Tỷ lệ đóng góp", 30, "right")],
                    [Row(["1", "Đinh Thị Hoa", "Phường An Lạc", "60%"]),
                     Row(["2", "Nguyễn Văn Bình", "Sở Nội vụ", "40%"])])],
        signers=[Signer(authority="KT. CHỦ TỊCH", title="PHÓ CHỦ TỊCH", name="Trần Văn Chủ")],
        verification=Verification(code, f"https://sangkien.anhoa.gov.vn/verify/{code}", qr_png(code)))


def annex(rows: int) -> Paper:
    columns = [Column("STT", 12, "center"), Column("Họ và tên", 35), Column("Chức vụ, đơn vị công tác", 40),
               Column("Thành tích", 40), Column("Hình thức", 18), Column("Số tiền (đồng)", 20, "right")]
    body = [Row(["I. CÁ NHÂN", "", "", "", "", ""], bold=True, span=6)]
    body += [Row([str(n), f"Nguyễn Thị Bình {n}", "Chuyên viên, Phòng Nội vụ",
                  f"Tác giả sáng kiến «Rút ngắn thời gian giải quyết hồ sơ số {n}» được công nhận", "Giấy khen",
                  "710.000"]) for n in range(1, rows + 1)]
    body.append(Row(["Tổng cộng", "", "", "", "", f"{710_000 * rows:,}".replace(",", ".")], bold=True, span=5))
    return Paper(
        parent_body="ỦY BAN NHÂN DÂN TỈNH AN HÒA", issuing_body="ỦY BAN NHÂN DÂN TỈNH AN HÒA", number="123/QĐ-UBND",
        place="An Hòa", date=dt.date(2026, 8, 5), kind="QUYẾT ĐỊNH", abstract="Về việc tặng Giấy khen",
        body=[Text(f"Điều 1. Tặng Giấy khen cho {rows} cá nhân có tên trong danh sách kèm theo.")],
        signers=[Signer(authority="KT. CHỦ TỊCH", title="PHÓ CHỦ TỊCH", name="Trần Văn Chủ")],
        recipients=["Như Điều 3;", "Lưu: VT, NV."],
        annex=Annex("DANH SÁCH CÁ NHÂN ĐƯỢC TẶNG GIẤY KHEN", "(Kèm theo Quyết định số 123/QĐ-UBND)",
                    [Table(columns, body)]))


def _check(data: bytes) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        Path(handle.name).write_bytes(data)
        info = subprocess.run(["pdfinfo", handle.name], capture_output=True, text=True, check=True).stdout
        fonts = subprocess.run(["pdffonts", handle.name], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    rows = fonts.splitlines()[2:]
    return {"pages": pages, "fonts": len(rows), "all_embedded": all(r.split()[-5] == "yes" for r in rows)}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    papers = {"certificate": certificate(), f"annex_{args.rows}": annex(args.rows)}
    result: dict[str, dict] = {}
    for name, render in (("reportlab", render_pdf), ("fpdf2", render_fpdf2)):
        for paper_name, paper in papers.items():
            times = []
            for _ in range(args.runs):
                started = time.perf_counter()
                data = render(paper)
                times.append(time.perf_counter() - started)
            result[f"{name}/{paper_name}"] = {"median_s": round(statistics.median(times), 3),
                                              "min_s": round(min(times), 3), "bytes": len(data), **_check(data)}
    print(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    main()
