"""One document that needs more memory than HETONG_MAX_MEMORY fails alone
with MemoryError; the import goes on and the cap is lifted afterwards."""

from __future__ import annotations

import resource
from pathlib import Path

import pytest

from hetong.pipeline.batch import importer as batch
from hetong.pipeline.batch.importer import ingest_files
from hetong.pipeline.read.limits import max_memory, memory_limit

SAMPLES = Path(__file__).resolve().parents[3] / "data" / "samples"


def test_the_cap_turns_a_huge_allocation_into_memory_error_and_is_lifted_after() -> None:
    before = resource.getrlimit(resource.RLIMIT_AS)
    with memory_limit(3 * 2**30):
        with pytest.raises(MemoryError):
            bytearray(4 * 2**30)
    assert resource.getrlimit(resource.RLIMIT_AS) == before


@pytest.mark.parametrize(("value", "expected"), [("", 6 * 2**30), ("4G", 4 * 2**30), ("2048M", 2 * 2**30), ("off", None)])
def test_the_setting(monkeypatch: pytest.MonkeyPatch, value: str, expected: int | None) -> None:
    monkeypatch.setenv("HETONG_MAX_MEMORY", value)
    assert max_memory() == expected


@pytest.mark.parametrize("value", ["lots", "100M"])
def test_a_bad_setting_is_refused(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("HETONG_MAX_MEMORY", value)
    with pytest.raises(ValueError, match="HETONG_MAX_MEMORY"):
        max_memory()


def test_a_document_that_needs_too_much_memory_fails_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = batch.process_bytes

    def hungry(data: bytes, source: str, *args, **kwargs):  # type: ignore[no-untyped-def]
        if source.startswith("002"):
            bytearray(16 * 2**30)  # a decompression bomb's worth
        return real(data, source, *args, **kwargs)

    monkeypatch.setattr(batch, "process_bytes", hungry)
    monkeypatch.setenv("HETONG_MAX_MEMORY", "4G")
    summary = ingest_files([SAMPLES], tmp_path / "c.duckdb")
    assert (summary.ok, summary.failed) == (4, 1)
    assert any("MemoryError" in error for _, error in summary.problems)
