"""A small real import for the workbench tests: gold contracts (flags of
every severity), real contracts (two text-layer PDFs, a DOCX) and one
hostile contract whose text holds markup, imported once per session by the
real `ingest_files`; each test that writes gets its own copy."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hetong.pipeline.batch.importer import ingest_files

ROOT = Path(__file__).resolve().parents[3]
GOLD = (
    "000_ea93da92590dbf3c.txt",  # district, party name, party detail (warnings)
    "001_d28e756e3b72c66a.txt",  # missing signing date, numbering gap (info)
    "004_203ddecaf6b58c51.txt",  # person name mismatch ×3
    "103_mianyang_12345.txt",  # amount words mismatch (error)
    "112_njlh_video_ops.txt",  # payment sum mismatch (error)
    "153_fuzhou_school_network_service.txt",  # tax mismatch (error)
)
REAL = ("r14_order_contract_xiamen.pdf", "r18_residential_lease_shanghai.pdf", "r02_goods_purchase_kunming.docx")
HOSTILE = "hostile_script.txt"
SCRIPT = "<script>document.title='pwned'</script>"
IMG = '<img src=x onerror="document.title=\'pwned\'">'


def hostile_text() -> str:
    """A real contract (gold 002) with markup written into its text."""
    text = (ROOT / "data" / "gold" / "002_4a1d54b084a0d54b.txt").read_text(encoding="utf-8")
    first, _, rest = text.partition("\n")
    return f"{first}\n{SCRIPT}\n备注：{IMG}\n{rest}"


@pytest.fixture(scope="session")
def import_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("serve-in")
    for name in GOLD:
        shutil.copy(ROOT / "data" / "gold" / name, folder / name)
    for name in REAL:
        shutil.copy(ROOT / "data" / "real" / name, folder / name)
    (folder / HOSTILE).write_text(hostile_text(), encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def imported_db(import_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The import, never written to by a test: copy it (`db`)."""
    db = tmp_path_factory.mktemp("serve-db") / "contracts.duckdb"
    summary = ingest_files([import_folder], db)
    assert summary.ok + summary.partial == len(GOLD) + len(REAL) + 1, summary
    from hetong.pipeline.store import storage

    storage.open_database(db).close()  # migrated, checkpointed
    return db


@pytest.fixture
def db(imported_db: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "contracts.duckdb"
    shutil.copy(imported_db, copy)
    return copy
