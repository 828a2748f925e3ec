"""A 505-byte PDF whose stream /Length is a reference cycle used to hang the
import past its time limit (pdfminer followed the cycle forever, and again
while closing the file). Now it fails fast and the good contracts beside it
are stored."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import duckdb

from hetong.pipeline.batch.importer import ingest_files
from hetong.pipeline.read.pdf import PdfError, read_pdf

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"


def cycle_pdf() -> bytes:
    """One page whose content stream's /Length is 5 0 R, and 5 → 6 → 5."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
        b"<< /Length 5 0 R >>\nstream\nBT ET\nendstream",
        b"6 0 R",
        b"5 0 R",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def test_the_cycle_pdf_fails_fast() -> None:
    started = time.monotonic()
    try:
        read_pdf(cycle_pdf(), ocr=False)
    except PdfError:
        pass
    assert time.monotonic() - started < 5


def test_a_cycle_pdf_among_five_good_contracts(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HETONG_MAX_SECONDS", "10")
    folder = tmp_path / "in"
    shutil.copytree(SAMPLES, folder)
    (folder / "cycle.pdf").write_bytes(cycle_pdf())
    db = tmp_path / "c.duckdb"
    started = time.monotonic()
    summary = ingest_files([folder], db)
    assert time.monotonic() - started < 10 + 20
    assert summary.ok == 5 and summary.failed == 1
    with duckdb.connect(str(db), read_only=True) as conn:
        assert conn.execute("SELECT count(*) FROM documents WHERE status = 'ok'").fetchone() == (5,)
        assert conn.execute("SELECT status FROM documents WHERE source = 'cycle.pdf'").fetchone() == ("failed",)
