"""hetong.pipeline.batch.workers: extraction in a process pool gives the same rows as in
this process, stays bounded, and survives a worker that dies."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from hetong.models import Document
from hetong.pipeline.read.ingest import sha256
from hetong.pipeline.batch.workers import Extracted, Task, extract, map_extract

SAMPLES = Path(__file__).resolve().parents[3] / "data" / "samples"
RUN = 7


def task(path: Path | str, data: bytes | None = None) -> Task:
    path = Path(path)
    data = path.read_bytes() if data is None else data
    return Task(path=str(path), source=path.name, data=data, sha256=sha256(data))


def comparable(ex: Extracted) -> tuple:
    rows = {t: [{k: v for k, v in r.items() if k != "imported_at"} for r in rs] for t, rs in ex.rows.items()}
    return ex.sha256, ex.status, ex.errors, rows


@pytest.fixture(scope="module")
def seeds() -> list[Task]:
    return [task(p) for p in sorted(SAMPLES.glob("*.txt"))]


def test_extract_returns_the_rows_storage_writes(seeds: list[Task]) -> None:
    ex = extract(seeds[0], RUN)
    assert (ex.status, ex.sha256, ex.size) == ("ok", seeds[0].sha256, len(seeds[0].data))
    assert ex.rows["documents"][0]["run_id"] == RUN
    assert len(ex.rows["contracts"]) == 1
    assert {"normalise", "contract", "flags", "rows"} <= set(ex.timings)


def test_extract_never_raises() -> None:
    def explode(data: bytes, source: str, path: str | None = None, timings: dict | None = None) -> Document:
        raise RuntimeError("boom")

    ex = extract(task("a.txt", "甲方：某某公司".encode()), RUN, explode)
    assert (ex.status, ex.errors) == ("failed", ["pipeline: RuntimeError: boom"])
    assert [t for t, rows in ex.rows.items() if rows] == ["documents"]


def test_a_pool_extracts_what_this_process_extracts(seeds: list[Task]) -> None:
    here = sorted(map(comparable, map_extract(seeds, RUN, workers=1)))
    pooled = sorted(map(comparable, map_extract(seeds, RUN, workers=2)))
    assert pooled == here


def test_files_in_flight_are_bounded(seeds: list[Task]) -> None:
    pulled = 0

    def tasks() -> Iterator[Task]:
        nonlocal pulled
        for t in seeds * 3:
            pulled += 1
            yield t

    results = map_extract(tasks(), RUN, workers=2, in_flight=3)
    next(results)
    assert pulled <= 3 + 1
    assert len(list(results)) == len(seeds) * 3 - 1


@pytest.fixture
def crashy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> object:
    """A `process` that kills its worker process on `crash.txt`, importable by
    name in the workers (spawned workers get the parent's sys.path)."""
    (tmp_path / "crashy_process.py").write_text(
        textwrap.dedent(
            """
            import os
            from hetong.pipeline.orchestrate import process_bytes

            def process(data, source, path=None, timings=None):
                if source == "crash.txt":
                    os._exit(3)
                return process_bytes(data, source=source, path=path, timings=timings)
            """
        ),
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    import crashy_process

    yield crashy_process.process
    sys.modules.pop("crashy_process", None)


def test_a_file_that_kills_its_worker_fails_alone(seeds: list[Task], crashy: object) -> None:
    tasks = [*seeds[:2], task("crash.txt", "甲方：崩溃测试".encode()), *seeds[2:]]
    results = {ex.source: ex for ex in map_extract(tasks, RUN, workers=2, process=crashy)}  # type: ignore[arg-type]
    assert set(results) == {t.source for t in tasks}
    crash = results.pop("crash.txt")
    assert crash.status == "failed"
    assert crash.errors[0].startswith("worker: worker process died extracting this file")
    assert crash.rows["documents"][0]["status"] == "failed"
    assert {ex.status for ex in results.values()} == {"ok"}


@pytest.fixture
def settings_probe(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> object:
    """A `process` that fails every document with the worker's HETONG_PROBE."""
    (tmp_path / "settings_probe.py").write_text(
        textwrap.dedent(
            """
            import os
            from hetong.models import Document

            def process(data, source, path=None, timings=None):
                doc = Document(source=source, path=path, sha256="0" * 64, media_type="text/plain")
                doc.fail("probe", os.environ.get("HETONG_PROBE", "unset"), status="failed")
                return doc
            """
        ),
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    import settings_probe

    yield settings_probe.process
    sys.modules.pop("settings_probe", None)


def test_workers_take_the_settings_of_the_moment_they_start(
    seeds: list[Task], settings_probe: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Workers are forked from a long-lived fork server whose environment is
    # that of its own start; HETONG_* limits and switches must still be the
    # parent's current ones.
    monkeypatch.delenv("HETONG_PROBE", raising=False)
    first = list(map_extract(seeds[:2], RUN, workers=2, process=settings_probe))  # type: ignore[arg-type]
    assert {ex.errors[0] for ex in first} == {"probe: unset"}
    monkeypatch.setenv("HETONG_PROBE", "changed since")
    later = list(map_extract(seeds[:2], RUN, workers=2, process=settings_probe))  # type: ignore[arg-type]
    assert {ex.errors[0] for ex in later} == {"probe: changed since"}
    monkeypatch.delenv("HETONG_PROBE")
    last = list(map_extract(seeds[:2], RUN, workers=2, process=settings_probe))  # type: ignore[arg-type]
    assert {ex.errors[0] for ex in last} == {"probe: unset"}


def test_a_pool_that_breaks_while_work_is_handed_out_still_accounts_for_every_file(
    seeds: list[Task], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker killed from outside (the OOM killer) between two submits: the
    pool refuses the next submit with BrokenProcessPool; every file is still
    extracted once, none is lost, the import does not abort."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    real_submit = ProcessPoolExecutor.submit
    calls = {"n": 0}

    def submit(self, fn, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 3:
            raise BrokenProcessPool("A child process terminated abruptly")
        return real_submit(self, fn, *args, **kwargs)

    monkeypatch.setattr(ProcessPoolExecutor, "submit", submit)
    results = list(map_extract(seeds, RUN, workers=2))
    assert sorted(ex.source for ex in results) == sorted(t.source for t in seeds)
    assert all(ex.status != "failed" for ex in results)
