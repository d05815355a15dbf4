"""Issuing and signing papers (docs/BENCHMARKS.md, "Issuing signed papers"): one certificate and a 500-person award
annex, rendered, signed twice (signer and agency, PKCS#12, RFC 3161 time-stamp, revocation checked on a local CRL)
and stored with their SHA-256 in one committed transaction, on SQLite and on PostgreSQL; the median of N runs.

    python -m benchmarks.papers_signing [--runs 5] [--rows 500] [--postgres URL] [--json FILE]

The test PKI, its CRL and time-stamp server come from tests/support/pki.py (local, no network); the certificate is
the real one (review.documents.certificate_pdf of a recognised idea), the annex the same 500-row Paper the PDF
generator's choice was measured on (benchmarks/papers_pdf_choice.py).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

from ideas.core.db import Database
from ideas.core.migrate import upgrade
from ideas.core.permissions import SYSTEM
from tests.support.database import create_database
from tests.support.factories.papers import complete_identity, configure_signing
from tests.support.factories.review import certified
from tests.support.pki import PASSPHRASE, build_pki

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _one(database: Database, kind: str, rows: int) -> dict[str, float]:
    from benchmarks.papers_pdf_choice import annex
    from ideas.papers import issued, signing, verification
    from ideas.papers.pdf_render import render_pdf
    from ideas.review.documents import certificate_pdf

    times: dict[str, float] = {}
    with database.session() as session:
        if kind == "certificate":
            _, _, certificate = certified(session)
            ref = certificate.id
            began = time.perf_counter()
            pdf = certificate_pdf(session=session, actor=SYSTEM, certificate_id=ref)
        else:
            ref = int(time.time() * 1000) % 1_000_000_000
            began = time.perf_counter()
            pdf = render_pdf(annex(rows))
        times["render"] = time.perf_counter() - began
        began = time.perf_counter()
        paper = issued.issue(session=session, actor=SYSTEM, kind=kind, ref=ref, pdf=pdf,
                             signatories=[signing.Signatory("signer", "KT. CHỦ TỊCH – PHÓ CHỦ TỊCH"),
                                          signing.Signatory("agency", "ỦY BAN NHÂN DÂN TỈNH AN HÒA")])
        times["sign_and_store"] = time.perf_counter() - began
        began = time.perf_counter()
        session.commit()
        times["commit"] = time.perf_counter() - began
        size, digest = paper.size, paper.sha256
    times["total"] = times["render"] + times["sign_and_store"] + times["commit"]
    with database.session() as session:
        began = time.perf_counter()
        content = issued.by_hash(session, digest).content
        check = verification.verify_file(session=session, data=content, client="bench")
        times["verify_file"] = time.perf_counter() - began
        assert check.verdict == "exact" and all(s.good for s in check.signatures)
        session.commit()
    times["kib"] = size / 1024
    return times


def run(url_base: str, runs: int, rows: int, work: Path) -> dict:
    url, drop = create_database(url_base, work / "db")
    database = Database(url)
    try:
        upgrade(database)
        with database.session() as session:
            complete_identity(session)
            configure_signing(session, **{"signer.source": "pkcs12", "signer.pkcs12_path": str(PKI.signer.p12),
                                          "agency.source": "pkcs12", "agency.pkcs12_path": str(PKI.agency.p12),
                                          "trust_list": str(PKI.trust_list), "tsa_url": PKI.tsa_url})
            session.commit()
        result = {}
        for kind in ("certificate", "award_decision"):
            _one(database, kind, rows)  # warm-up: imports, font subsetting caches
            samples = [_one(database, kind, rows) for _ in range(runs)]
            result[kind] = {key: round(statistics.median(s[key] for s in samples) * (1 if key == "kib" else 1000), 1)
                            for key in samples[0]}
        return result
    finally:
        database.dispose()
        drop()


PKI = None


def main(argv: list[str] | None = None) -> dict:
    global PKI
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rows", type=int, default=500)
    parser.add_argument("--postgres", default=os.environ.get("TEST_DATABASE_URL", DEFAULT_PG))
    parser.add_argument("--json")
    args = parser.parse_args(argv)
    os.environ["IDEAS_SIGN_SIGNER_PASSPHRASE"] = os.environ["IDEAS_SIGN_AGENCY_PASSPHRASE"] = PASSPHRASE
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "db").mkdir()
        PKI = build_pki(work / "pki")
        try:
            report = {"machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
                      "runs": args.runs, "rows": args.rows,
                      "sqlite": run("sqlite://", args.runs, args.rows, work),
                      "postgresql": run(args.postgres, args.runs, args.rows, work)}
        finally:
            PKI.close()
    text = json.dumps(report, indent=1, ensure_ascii=False)
    if args.json:
        Path(args.json).write_text(text, encoding="utf-8")
    print(text)
    return report


if __name__ == "__main__":
    main()
