"""The `hetong` command line. Only JSON goes to stdout for `extract`; logs,
progress and errors go to stderr. A bad path or argument is one line on
stderr and exit code 2, never a traceback."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, Optional

import typer

if TYPE_CHECKING:
    import duckdb
    from rich.table import Table

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="hetong (合同): structured data from Chinese contracts.",
)


def _err(message: str) -> None:
    print(message, file=sys.stderr)


def _fail(message: str, code: int = 2) -> NoReturn:
    _err(message)
    raise typer.Exit(code)


def _print_version(value: bool) -> None:
    if not value:
        return
    from hetong.pipeline.version import versions

    for component, version in versions():
        print(f"{component} {version}")
    raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    version: Annotated[bool, typer.Option(
        "--version", callback=_print_version, is_eager=True,
        help="Print the versions of hetong, its NER model, its division table and its database schema.",
    )] = False,
) -> None:
    """hetong (合同): structured data from Chinese contracts."""
    if ctx.invoked_subcommand in _NEEDS_DATA:
        _check_package_data()


# Commands that read contracts need the shipped data; a missing file is one
# clear line at start-up, not a `partial` document per file.
_NEEDS_DATA = frozenset({"extract", "ingest", "evaluate", "review", "ablation"})


def _check_package_data() -> None:
    from hetong.extractors.ner import model as ner
    from hetong.extractors.shared import resources

    try:
        resources.check(model=ner.enabled() and not os.environ.get("HETONG_NER_MODEL"))
    except resources.ResourceMissing as exc:
        _fail(str(exc))


@app.command()
def extract(
    files: Annotated[list[Path], typer.Argument(help="Contract files, or folders (walked recursively, as by ingest).")],
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Write JSON Lines here instead of stdout.")] = None,
) -> None:
    """Extract each FILE and write one JSON object per line (JSON Lines)."""
    from hetong.pipeline.store.export import output_problem, to_json_line

    if out is not None and (problem := output_problem(out)):
        _fail(problem)
    from hetong.pipeline.batch.importer import NotRead, find_files
    from hetong.pipeline.orchestrate import process_path

    not_read: list[NotRead] = []
    paths = find_files(files, not_read)
    for item in not_read:
        _err(f"{item.path}: not read: {item.reason}")
    if not paths:
        _fail(f"no contract files found in {', '.join(map(str, files))}", 1)
    try:
        sink = open(out, "w", encoding="utf-8") if out else sys.stdout
    except OSError as exc:
        _fail(f"cannot write {out}: {exc.strerror or exc}")
    failures = 0
    try:
        for path in paths:
            doc = process_path(path)
            if doc.status == "failed":
                failures += 1
                _err(f"{path}: {doc.errors[0] if doc.errors else 'failed'}")
            elif doc.errors:
                _err(f"{path}: {doc.status}: {'; '.join(doc.errors)}")
            try:
                sink.write(to_json_line(doc.to_record()) + "\n")
                sink.flush()
            except OSError as exc:
                _fail(f"cannot write {out or 'stdout'}: {exc.strerror or exc}")
    finally:
        if out:
            sink.close()
    if failures == len(paths):
        raise typer.Exit(1)


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (walked recursively).")],
    db: Annotated[Path, typer.Option("--db", help="DuckDB file to load into.")] = Path("contracts.duckdb"),
    force: Annotated[bool, typer.Option("--force", help="Re-extract documents already imported (after an upgrade).")] = False,
    workers: Annotated[int, typer.Option("--workers", "-w", min=0, help="Extraction processes (0 = one per core), each watched: a document over its time budget is killed.")] = 1,
    wait: Annotated[Optional[float], typer.Option("--wait", min=0, help="Seconds to wait while another process holds DB (default: HETONG_WRITE_TIMEOUT, 600).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as one JSON object on stdout.")] = False,
) -> None:
    """Load contracts into a DuckDB file. Re-running never duplicates."""
    missing = [str(p) for p in paths if not os.path.lexists(p)]
    if missing:  # before the database is created: a typo leaves nothing behind
        _fail(f"no such file or folder: {', '.join(missing)} (nothing imported)")
    from hetong.pipeline.store.writer import write_lock_timeout

    try:
        timeout = write_lock_timeout() if wait is None else wait
    except ValueError as exc:
        _fail(f"HETONG_WRITE_TIMEOUT: {exc}")
    _wait_until_free(db, timeout)
    with _write_timeout(wait):
        if as_json:
            code = _ingest_json(paths, db, force=force, workers=workers)
        else:
            from hetong.pipeline.batch.importer import ingest_command

            code = ingest_command(paths, db, force=force, workers=workers)
    raise typer.Exit(code)


def _wait_until_free(db: Path, timeout: float) -> None:
    """When another process holds DB, say so on stderr and wait for it, up to
    `timeout` seconds (exit 2 after that). Only the start of an import waits
    visibly; a commit that meets a reader later waits up to the same time."""
    if not db.is_file():
        return  # a file that does not exist yet is held by nobody
    import duckdb

    from hetong.pipeline.store.query import holder, open_waiting
    from hetong.pipeline.store.readers import DatabaseBusy
    from hetong.pipeline.store.writer import WRITER_CONFIG

    started = time.monotonic()
    waited: list[str] = []

    def say(line: str) -> None:
        waited.append(line)
        _err(line)

    try:
        open_waiting(db, read_only=False, timeout=timeout, on_wait=say, config=WRITER_CONFIG).close()
    except DatabaseBusy as exc:
        _fail(f"gave up waiting for {db} after {timeout:g} s: still held by {holder(exc)}; "
              "nothing imported (run again later, or give --wait SECONDS)")
    except (duckdb.Error, OSError):
        return  # not a lock: the import says what is wrong with the file
    if waited:
        _err(f"{db} is free after {time.monotonic() - started:.1f} s: importing")


@contextmanager
def _write_timeout(wait: float | None) -> Iterator[None]:
    """HETONG_WRITE_TIMEOUT = `wait` while the import runs (every batch
    commit reads it), then as it was."""
    if wait is None:
        yield
        return
    before = os.environ.get("HETONG_WRITE_TIMEOUT")
    os.environ["HETONG_WRITE_TIMEOUT"] = repr(float(wait))
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("HETONG_WRITE_TIMEOUT", None)
        else:
            os.environ["HETONG_WRITE_TIMEOUT"] = before


def _ingest_json(paths: list[Path], db: Path, *, force: bool, workers: int) -> int:
    """`hetong ingest --json`: the import of `batch.ingest_command` (same
    progress and problems on stderr, same exit codes), its summary printed as
    one JSON object on stdout (`ingest_summary`)."""
    import json

    import duckdb
    from rich.console import Console

    from hetong.pipeline.batch import importer as batch
    from hetong.pipeline.store import storage
    from hetong.pipeline.store.readers import DatabaseBusy
    from hetong.pipeline.store.writer import BatchWriter

    err = Console(file=sys.stderr, highlight=False, soft_wrap=True)
    workers = workers if workers > 0 else (os.cpu_count() or 1)
    try:
        batch_size = max(1, int(os.environ.get("HETONG_BATCH_SIZE", "500")))
        flush_seconds = float(os.environ.get("HETONG_FLUSH_SECONDS", "5"))
    except ValueError as exc:
        _err(f"HETONG_BATCH_SIZE / HETONG_FLUSH_SECONDS: {exc}")
        return 2
    total = len(batch.find_files(paths))  # for the progress bar; ingest_files walks PATHS itself, noting what it skips
    writer = BatchWriter(db)
    try:
        with writer.connection() as conn:  # create and migrate now: fail before any work
            storage.migrate(conn)
    except (duckdb.Error, storage.MigrationError, OSError, DatabaseBusy) as exc:
        _err(f"cannot open database {db}: {exc}")
        return 2
    try:
        with batch.ProgressReport(err, total=total) as report:
            summary = batch.ingest_files(
                paths, db, force=force, progress=report, workers=workers,
                batch_size=batch_size, flush_seconds=flush_seconds, supervised=True,
            )
        with writer.connection() as conn:
            totals = batch._database_totals(conn)
    except DatabaseBusy as exc:
        _err(f"{exc}\nwhat was committed is stored: run again to import the rest")
        return 2
    print(json.dumps(ingest_summary(summary, db, workers, totals), ensure_ascii=False))
    if summary.interrupted:
        _err(f"interrupted after {summary.seen} of {summary.total} files: run again to import the rest")
        return 130
    if summary.seen == 0:
        _err("no .txt/.md/.pdf/.docx files found")
        return 1
    return 1 if summary.failed == summary.seen else 0


def ingest_summary(summary: Any, db: Path, workers: int, totals: dict[str, Any]) -> dict[str, Any]:
    """The JSON object of `hetong ingest --json`. The outcome counts are
    disjoint and add up to `seen`: ok + partial + failed + unreadable +
    not_a_contract + skipped."""
    mb_s = summary.bytes / 1e6 / summary.elapsed if summary.elapsed else 0.0
    return {
        "run_id": summary.run_id,
        "database": str(db),
        "files": summary.total,
        "seen": summary.seen,
        "ok": summary.ok,
        "partial": summary.partial,
        "failed": summary.failed - summary.unreadable,
        "unreadable": summary.unreadable,
        "not_a_contract": summary.not_a_contract,
        "skipped": summary.skipped,
        "not_read": summary.not_read,
        "elapsed_seconds": round(summary.elapsed, 3),
        "docs_per_second": round(summary.docs_per_second, 2),
        "mb_per_second": round(mb_s, 3),
        "bytes": summary.bytes,
        "workers": workers,
        "interrupted": summary.interrupted,
        "problems": [{"path": str(path), "error": error} for path, error in summary.problems],
        "timings": {stage: round(seconds, 3) for stage, seconds in summary.timings.items()},
        "totals": {
            "documents": totals["documents"],
            "contracts": totals["contracts"],
            "total_amount": format(totals["total_amount"], "f"),
            "contracts_with_amount": totals["with_amount"],
            "flags": totals["flags"],
        },
    }


@app.command()
def evaluate(
    gold: Annotated[Path, typer.Option("--gold", help="Folder of *.gold.json files.")],
    texts: Annotated[Optional[Path], typer.Option("--texts", help="Folder of contract texts (default: beside the gold).")] = None,
    min_f1: Annotated[Optional[float], typer.Option("--min-f1", help="Exit non-zero when overall F1 is below this.")] = None,
    min_group_f1: Annotated[Optional[float], typer.Option("--min-group-f1", help="Exit non-zero when any group's F1 is below this.")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List every miss and false positive.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print scores as JSON.")] = False,
    variant: Annotated[Optional[str], typer.Option("--variant", help="Render each text first: flat, spaced, trad, fullwidth, halfwidth, docx, pdf.")] = None,
    predictions: Annotated[Optional[Path], typer.Option("--predictions", help="Score this JSON Lines export (hetong extract --out) instead of extracting.")] = None,
) -> None:
    """Score extraction against a gold set (field-level P/R/F1 per group)."""
    from hetong.pipeline.quality.evaluate import evaluate_command

    raise typer.Exit(evaluate_command(
        gold, texts, min_f1=min_f1, min_group_f1=min_group_f1, verbose=verbose, as_json=as_json, variant=variant,
        predictions=predictions,
    ))


@app.command("train-ner")
def train_ner(
    out: Annotated[Path, typer.Option("--out", help="Model directory to (re)write.")] = Path("data/ner/model"),
    seed: Annotated[int, typer.Option("--seed", help="Random seed (data generation and training).")] = 0,
    n_generated: Annotated[int, typer.Option("--n-generated", help="Generated training fragments.")] = 4000,
    epochs: Annotated[int, typer.Option("--epochs", help="Passes over the training data.")] = 6,
) -> None:
    """Rebuild the NER model offline from the repo (generated fragments + silver
    lines of the gold texts) and print its held-out P/R/F1."""
    from hetong.extractors.ner.training.train import Settings, train_command

    raise typer.Exit(train_command(out, Settings(seed=seed, n_generated=n_generated, epochs=epochs)))


@app.command()
def ablation(
    gold: Annotated[Path, typer.Option("--gold", help="Folder of *.gold.json files.")],
    texts: Annotated[Optional[Path], typer.Option("--texts", help="Folder of contract texts (default: beside the gold).")] = None,
) -> None:
    """Score extraction twice, rules only (HETONG_NER off) and rules + NER, and
    print F1 per group for both, NER cost per contract and its coverage of the
    gold parties."""
    from hetong.extractors.ner.training.evaluate import ablation_command

    raise typer.Exit(ablation_command(gold, texts))


@app.command()
def review(
    html_out: Annotated[Optional[Path], typer.Option("--html", help="Write the review page (one self-contained HTML file) here.")] = None,
    file: Annotated[Optional[Path], typer.Argument(help="Contract file to extract and review.")] = None,
    db: Annotated[Optional[Path], typer.Option("--db", help="Review a document already in this DuckDB file.")] = None,
    sha256: Annotated[Optional[str], typer.Option("--sha256", help="With --db: the document's sha256 (a unique prefix will do).")] = None,
    source: Annotated[Optional[str], typer.Option("--source", help="With --db: the document's file name.")] = None,
    out: Annotated[Optional[Path], typer.Option("--out", help="With --db alone: write the workbench's pages of every contract into this folder (index.html).")] = None,
    lang: Annotated[str, typer.Option("--lang", help="With --out: zh (default) or en.")] = "zh",
) -> None:
    """Write a review page: the contract text with every extracted value
    highlighted, and a panel of fields and flags that jumps to the evidence.
    With --db DB --out DIR: the workbench's pages of every contract, as files."""
    from hetong.pipeline.store.export import output_problem

    if out is not None:
        if html_out is not None or file is not None or sha256 is not None or source is not None or db is None:
            _fail("--out DIR writes the pages of every contract of --db DB: give it with --db only")
        if lang not in ("zh", "en"):
            _fail(f"--lang {lang}: give zh or en")
        from hetong.pipeline.serve.command import export_command

        raise typer.Exit(export_command(db, out, lang=lang))
    if html_out is None:
        _fail("give --html OUT (one contract's page) or --db DB --out DIR (every contract's)")
    if problem := output_problem(html_out):
        _fail(problem)
    from hetong.pipeline.review.page import review_command

    raise typer.Exit(review_command(file, html_out, db=db, sha256=sha256, source=source))


@app.command()
def serve(
    db: Annotated[Path, typer.Option("--db", help="DuckDB file of imported contracts; decisions are stored in it (table reviews).")] = Path("contracts.duckdb"),
    host: Annotated[str, typer.Option("--host", help="Address to listen on; the default serves this machine only.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="TCP port.")] = 8765,
    reviewer: Annotated[Optional[str], typer.Option("--reviewer", help="Name recorded with decisions until set in the page (default: the login name).")] = None,
) -> None:
    """The review workbench: an index of the contracts of DB, each contract's
    review page, and the reviewer's decisions stored back into DB."""
    from hetong.pipeline.serve.command import serve_command

    raise typer.Exit(serve_command(db, host=host, port=port, reviewer=reviewer))


@app.command()
def export(
    db: Annotated[Path, typer.Option("--db", help="DuckDB file to read.")],
    table: Annotated[Optional[str], typer.Option("--table", help="Table or view to export (see \"DuckDB tables\" in README.md).")] = None,
    out: Annotated[Optional[Path], typer.Option("--out", help="File to write; its extension names the format (.parquet, .csv, .jsonl, .json).")] = None,
    fmt: Annotated[Optional[str], typer.Option("--format", help="parquet | csv | jsonl | json (default: from the --out extension; parquet with --all)")] = None,
    redact: Annotated[bool, typer.Option("--redact", help="Mask phone numbers, e-mails, bank accounts and personal ID numbers in every text column.")] = False,
    excel: Annotated[bool, typer.Option("--excel", help="CSV with a UTF-8 byte order mark, so Excel shows the Chinese text.")] = False,
    all_dir: Annotated[Optional[Path], typer.Option("--all", help="Write every table and view into this folder, with data_dictionary.csv/.md.")] = None,
) -> None:
    """Export a table or view (or, with --all, every one and a data dictionary)
    to Parquet, CSV, JSON Lines or JSON, optionally redacted."""
    from hetong.pipeline.store.export import export_all_command, export_command

    if all_dir is not None:
        if table is not None or out is not None:
            _fail("--all DIR writes every table and view: give it without --table and --out")
        raise typer.Exit(export_all_command(db, all_dir, fmt, redact=redact, excel=excel))
    if table is None or out is None:
        _fail("give --table NAME and --out FILE, or --all DIR")
    raise typer.Exit(export_command(db, table, fmt, out, redact=redact, excel=excel))


# -- looking into a database (read-only) -----------------------------------------------------

_DB_OPTION = typer.Option("--db", help="DuckDB file to read (opened read-only, never changed).")
_FORMAT_OPTION = typer.Option("--format", help="table | csv | json")


cluster_app = typer.Typer(no_args_is_help=True, help="Scale-out: extract an archive on a Dask cluster into Parquet shards, then merge them.")
app.add_typer(cluster_app, name="cluster")


@cluster_app.command("run")
def cluster_run(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (walked recursively, as by ingest).")],
    out: Annotated[Path, typer.Option("--out", help="Folder of the Parquet shards (OUT/<table>/<shard>.parquet).")],
    scheduler: Annotated[Optional[str], typer.Option("--scheduler", help="Dask scheduler address (default: a LocalCluster on this machine).")] = None,
    local: Annotated[Optional[int], typer.Option("--local", min=1, help="No Dask: a local pool of N processes.")] = None,
    shard_size: Annotated[int, typer.Option("--shard-size", min=1, help="Documents per shard.")] = 500,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as one JSON object on stdout.")] = False,
) -> None:
    """Extract PATHS into Parquet shards under OUT; re-running does only what is missing."""
    from hetong.pipeline.batch.distributed import run_command

    raise typer.Exit(run_command(paths, out, shard_size=shard_size, scheduler=scheduler, local=local, as_json=as_json))


@cluster_app.command("merge")
def cluster_merge(
    out: Annotated[Path, typer.Argument(help="Folder of shards written by `hetong cluster run`.")],
    db: Annotated[Path, typer.Option("--db", help="DuckDB file to load into.")] = Path("contracts.duckdb"),
) -> None:
    """Load the shards under OUT into DB; documents already there are skipped."""
    from hetong.pipeline.batch.distributed import merge_command

    raise typer.Exit(merge_command(out, db))


@app.command("tables")
def tables_command(
    db: Annotated[Path, _DB_OPTION] = Path("contracts.duckdb"),
    fmt: Annotated[str, _FORMAT_OPTION] = "table",
) -> None:
    """List every table and view of DB: name, kind, row count, description."""
    from hetong.pipeline.store.query import table_list

    fmt = _output_format(fmt)
    with _read_only(db) as conn:
        found = table_list(conn)
    _show(["name", "kind", "rows", "description"], [(t.name, t.kind, t.rows, t.comment) for t in found], fmt)


@app.command("schema")
def schema_command(
    name: Annotated[Optional[str], typer.Argument(help="Table or view (default: every one).")] = None,
    db: Annotated[Path, _DB_OPTION] = Path("contracts.duckdb"),
    fmt: Annotated[str, _FORMAT_OPTION] = "table",
) -> None:
    """Show the columns of a table or view (or of every one): type and description."""
    from hetong.pipeline.store.export import ExportError
    from hetong.pipeline.store.query import schema

    fmt = _output_format(fmt)
    with _read_only(db) as conn:
        try:
            found = schema(conn, name)
        except ExportError as exc:
            _fail(str(exc))
    if fmt != "table":
        rows = [(c.relation, c.name, c.type, c.comment) for _, cols in found for c in cols]
        _show(["table", "column", "type", "description"], rows, fmt)
        return
    from hetong.pipeline.store.query import rich_table

    for rel, cols in found:
        title = f"{rel.name} ({rel.kind})" + (f": {rel.comment}" if rel.comment else "")
        table, _ = rich_table(["column", "type", "description"], [(c.name, c.type, c.comment) for c in cols], title=title)
        _print_table(table)


@app.command("query")
def query_command(
    sql: Annotated[str, typer.Argument(help="SQL that only reads: SELECT, WITH, FROM, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN, PRAGMA, CALL.")],
    db: Annotated[Path, _DB_OPTION] = Path("contracts.duckdb"),
    fmt: Annotated[str, _FORMAT_OPTION] = "table",
) -> None:
    """Run SQL on DB opened read-only and print the rows; a statement that
    would write is refused."""
    import duckdb

    from hetong.pipeline.store.export import first_line
    from hetong.pipeline.store.query import (
        QueryError,
        execute_read_only,
        json_columns,
        result_rows,
        rich_table,
        write_rows,
    )

    fmt = _output_format(fmt)
    with _read_only(db) as conn:
        try:
            cur = execute_read_only(conn, sql)
            if cur.description is None:
                return  # a statement that returns no rows (PRAGMA enable_profiling …)
            names = [d[0] for d in cur.description]
            if fmt == "table":
                table, n = rich_table(names, result_rows(cur))
                _print_table(table)
                _err(f"{n} row{'' if n == 1 else 's'}")
            else:
                write_rows(names, result_rows(cur), fmt, sys.stdout, json_cols=json_columns(cur))
        except QueryError as exc:
            _fail(str(exc))
        except duckdb.Error as exc:
            _fail(f"query failed: {first_line(exc)}", 1)


def _output_format(fmt: str) -> str:
    from hetong.pipeline.store.query import FORMATS

    if fmt.lower() not in FORMATS:
        _fail(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    return fmt.lower()


@contextmanager
def _read_only(db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """DB opened read-only (waiting, with a message, while another process
    holds it); exit 2 with one line when it cannot be opened."""
    import duckdb

    from hetong.pipeline.store.export import first_line
    from hetong.pipeline.store.query import holder, open_read_only
    from hetong.pipeline.store.readers import DatabaseBusy

    try:
        conn = open_read_only(db, on_wait=_err)
    except FileNotFoundError as exc:
        _fail(str(exc))
    except DatabaseBusy as exc:
        _fail(f"cannot open database {db}: still held by {holder(exc)}")
    except (duckdb.Error, OSError) as exc:
        _fail(f"cannot open database {db}: {first_line(exc)}")
    try:
        yield conn
    finally:
        conn.close()


def _show(names: Sequence[str], rows: Iterable[Sequence[Any]], fmt: str) -> None:
    from hetong.pipeline.store.query import rich_table, write_rows

    if fmt == "table":
        _print_table(rich_table(names, rows)[0])
    else:
        write_rows(names, rows, fmt, sys.stdout)


def _print_table(table: Table) -> None:
    """Print a rich table on stdout: as wide as the terminal, or, into a pipe
    or file, as wide as its content (up to 240 columns) instead of 80."""
    from rich.console import Console

    console = Console(file=sys.stdout, highlight=False)
    if not console.is_terminal:
        wide = Console(file=sys.stdout, highlight=False, width=240)
        console = Console(file=sys.stdout, highlight=False, width=max(40, wide.measure(table).maximum))
    console.print(table)


if __name__ == "__main__":  # pragma: no cover
    app()
