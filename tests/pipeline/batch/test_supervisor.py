"""hetong.pipeline.batch.supervisor: each document extracted in a watched worker process,
killed and replaced when it overruns its time budget or dies, even with one
worker; the same rows as extraction in this process."""

from __future__ import annotations

import shutil
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from hetong.pipeline.batch import importer as batch
from hetong.pipeline.cli import app
from hetong.pipeline.read.ingest import sha256
from hetong.pipeline.batch.supervisor import map_documents
from hetong.pipeline.batch.workers import Extracted, Task, extract, map_extract
from tests.reliability.attacks import cycle_length_pdf

SAMPLES = sorted((Path(__file__).resolve().parents[3] / "data" / "samples").glob("*.txt"))
RUN = 7

# Stand-ins for documents that misbehave in a worker, importable by name there.
MISBEHAVING = '''
import os
import signal
import time

from hetong.pipeline.read import pdf
from hetong.pipeline.read.limits import extend_deadline, time_limit
from hetong.pipeline.orchestrate import process_bytes


def process(data, source, path=None, timings=None):
    if source == "stuck.txt":  # stuck where the time limit's signal cannot reach (native code)
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(600)
    if source == "killed.txt":  # what the OOM killer does
        os.kill(os.getpid(), signal.SIGKILL)
    if source == "ocr.txt":  # a scan: each OCR'd page earns more time, the hard kill moves with it
        with time_limit(float(os.environ["HETONG_MAX_SECONDS"])):  # as process_bytes runs a document
            extend_deadline(10)
            time.sleep(8)
    return process_bytes(data, source=source, path=path, timings=timings)


def unguarded(data, source, path=None, timings=None):
    """The PDF reader as it was before the reference-cycle guard: the cycle
    PDF loops in pdfminer past the time limit, and again in close()."""
    pdf._CYCLE_GUARD_INSTALLED = True
    return process_bytes(data, source=source, path=path, timings=timings)
'''


@pytest.fixture
def misbehaving(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    (tmp_path / "misbehaving.py").write_text(textwrap.dedent(MISBEHAVING), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    import misbehaving

    yield misbehaving
    sys.modules.pop("misbehaving", None)


def task(path: Path | str, data: bytes | None = None) -> Task:
    path = Path(path)
    data = path.read_bytes() if data is None else data
    return Task(path=str(path), source=path.name, data=data, sha256=sha256(data))


def comparable(ex: Extracted) -> tuple:
    rows = {t: [{k: v for k, v in r.items() if k != "imported_at"} for r in rs] for t, rs in ex.rows.items()}
    return ex.sha256, ex.status, ex.errors, rows


def test_a_supervised_worker_extracts_what_this_process_extracts() -> None:
    tasks = [task(p) for p in SAMPLES]
    here = sorted(comparable(extract(t, RUN)) for t in tasks)
    assert sorted(map(comparable, map_documents(tasks, RUN, workers=1, supervised=True))) == here
    assert sorted(map(comparable, map_documents(tasks, RUN, workers=2, supervised=True))) == here


def test_a_document_stuck_past_its_budget_is_killed_and_the_rest_go_on(
    misbehaving: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HETONG_MAX_SECONDS", "2")
    tasks = [task(SAMPLES[0]), task("stuck.txt", b"x"), *map(task, SAMPLES[1:])]
    started = time.monotonic()
    results = {ex.source: ex for ex in map_documents(tasks, RUN, workers=1, process=misbehaving.process,  # type: ignore[attr-defined]
                                                   supervised=True)}
    assert time.monotonic() - started < 2 + 5.2 + 15  # the budget, the grace, and generous room for the rest
    stuck = results.pop("stuck.txt")
    assert stuck.status == "failed"
    assert stuck.errors[0].startswith("limits: time limit exceeded: more than 2 s on this document")
    assert "worker process was killed" in stuck.errors[0]
    assert {ex.status for ex in results.values()} == {"ok"} and len(results) == len(SAMPLES)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_worker_killed_from_outside_fails_its_document_only(misbehaving: object, workers: int) -> None:
    tasks = [task(SAMPLES[0]), task("killed.txt", b"x"), *map(task, SAMPLES[1:])]
    results = {ex.source: ex for ex in map_documents(tasks, RUN, workers=workers, process=misbehaving.process,  # type: ignore[attr-defined]
                                                   supervised=True)}
    killed = results.pop("killed.txt")
    assert (killed.status, killed.errors) == ("failed", ["worker: worker process died extracting this file (signal 9)"])
    assert killed.rows["documents"][0]["status"] == "failed"
    assert {ex.status for ex in results.values()} == {"ok"} and len(results) == len(SAMPLES)


def test_time_granted_for_ocr_moves_the_hard_deadline(misbehaving: object, monkeypatch: pytest.MonkeyPatch) -> None:
    """A budget of 1 s (+ 5.1 s grace) extended by 10 s for an OCR'd page:
    a document that runs 8 s is not killed."""
    monkeypatch.setenv("HETONG_MAX_SECONDS", "1")
    contract = SAMPLES[0].read_bytes()
    [ex] = map_documents([task("ocr.txt", contract)], RUN, workers=1, process=misbehaving.process,  # type: ignore[attr-defined]
                       supervised=True)
    assert ex.status == "ok", ex.errors


def test_a_cycle_pdf_among_five_good_contracts_with_one_worker(
    tmp_path: Path, misbehaving: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The 505-byte cycle PDF with the reader as it was before its guard (it
    loops past the time limit and again while closing): the import finishes
    within the time limit plus a few seconds, with the five stored."""
    monkeypatch.setenv("HETONG_MAX_SECONDS", "3")
    monkeypatch.setattr(batch, "process_bytes", misbehaving.unguarded)  # type: ignore[attr-defined]
    folder = tmp_path / "in"
    folder.mkdir()
    for sample in SAMPLES:
        shutil.copy(sample, folder / sample.name)
    (folder / "cycle.pdf").write_bytes(cycle_length_pdf())
    db = tmp_path / "c.duckdb"
    started = time.monotonic()
    summary = batch.ingest_files([folder], db, workers=1, supervised=True)
    assert time.monotonic() - started < 3 + 5.3 + 20
    assert (summary.ok, summary.failed) == (5, 1)
    with duckdb.connect(str(db), read_only=True) as conn:
        assert conn.execute("SELECT count(*) FROM documents WHERE status = 'ok'").fetchone() == (5,)
        status, error = conn.execute("SELECT status, error FROM documents WHERE source = 'cycle.pdf'").fetchone()
    assert status == "failed" and "time limit exceeded" in error


def test_the_command_extracts_in_a_supervised_worker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`hetong ingest --workers 1` does not extract in its own process."""
    import os

    from hetong.pipeline.batch import supervisor

    started: list[int] = []
    real = supervisor.map_supervised

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        started.append(os.getpid())
        return real(*args, **kwargs)

    monkeypatch.setattr(supervisor, "map_supervised", spy)
    result = CliRunner().invoke(app, ["ingest", str(SAMPLES[0]), "--db", str(tmp_path / "c.duckdb"), "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert started == [os.getpid()]


CTRL_C = '''
import sys
from pathlib import Path

from hetong.pipeline.batch import importer as batch
import misbehaving

batch.process_bytes = misbehaving.unguarded

def progress(path, outcome, error):
    print(outcome, Path(path).name, flush=True)

if __name__ == "__main__":  # the workers' fork server imports this file too
    summary = batch.ingest_files([Path(sys.argv[1])], Path(sys.argv[2]), supervised=True, flush_seconds=0.5,
                                 progress=progress)
    print("interrupted", summary.interrupted, summary.ok, flush=True)
'''


def test_ctrl_c_stops_an_import_stuck_on_a_cycle_pdf(tmp_path: Path, misbehaving: object) -> None:
    """The cycle PDF read by the pre-guard reader ignores KeyboardInterrupt
    as it ignores the time limit; Ctrl-C still ends the import at once, with
    what was extracted stored."""
    import os
    import signal
    import subprocess

    folder = tmp_path / "in"
    folder.mkdir()
    for sample in SAMPLES:
        shutil.copy(sample, folder / sample.name)
    (folder / "zz_cycle.pdf").write_bytes(cycle_length_pdf())  # walked last
    script = tmp_path / "run.py"
    script.write_text(CTRL_C, encoding="utf-8")
    env = {**os.environ, "HETONG_MAX_SECONDS": "600", "PYTHONPATH": os.pathsep.join([str(tmp_path), str(Path.cwd())])}
    proc = subprocess.Popen([sys.executable, str(script), str(folder), str(tmp_path / "c.duckdb")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        seen = []
        while len(seen) < len(SAMPLES):  # the five are committed while the cycle PDF runs
            line = proc.stdout.readline()  # type: ignore[union-attr]
            assert line, proc.stderr.read()  # type: ignore[union-attr]
            seen.append(line.split()[0])
        assert seen == ["ok"] * len(SAMPLES)
        time.sleep(1)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert "interrupted True 5" in out, err
    with duckdb.connect(str(tmp_path / "c.duckdb"), read_only=True) as conn:
        assert conn.execute("SELECT count(*) FROM documents").fetchone() == (5,)  # the cycle PDF: next run
