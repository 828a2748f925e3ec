"""The `hetong` command line. Only JSON goes to stdout for `extract`; logs,
progress and errors go to stderr."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="hetong (合同): structured data from Chinese contracts.",
)


def _err(message: str) -> None:
    print(message, file=sys.stderr)


@app.command()
def extract(
    files: Annotated[list[Path], typer.Argument(help="Contract files (.txt/.md/.pdf).")],
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Write JSON Lines here instead of stdout.")] = None,
) -> None:
    """Extract each FILE and write one JSON object per line (JSON Lines)."""
    from pipeline.export import to_json_line
    from pipeline.orchestrate import process_path

    sink = open(out, "w", encoding="utf-8") if out else sys.stdout
    failures = 0
    try:
        for path in files:
            doc = process_path(path)
            if doc.status == "failed":
                failures += 1
                _err(f"{path}: {doc.errors[0] if doc.errors else 'failed'}")
            elif doc.errors:
                _err(f"{path}: {doc.status}: {'; '.join(doc.errors)}")
            sink.write(to_json_line(doc.to_record()) + "\n")
            sink.flush()
    finally:
        if out:
            sink.close()
    if failures == len(files):
        raise typer.Exit(1)


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (walked recursively).")],
    db: Annotated[Path, typer.Option("--db", help="DuckDB file to load into.")] = Path("contracts.duckdb"),
    force: Annotated[bool, typer.Option("--force", help="Re-extract documents already imported (after an upgrade).")] = False,
    workers: Annotated[int, typer.Option("--workers", "-w", min=0, help="Extraction processes (0 = one per core; 1 = in this process).")] = 1,
) -> None:
    """Load contracts into a DuckDB file. Re-running never duplicates."""
    from pipeline.batch import ingest_command

    raise typer.Exit(ingest_command(paths, db, force=force, workers=workers))


@app.command()
def evaluate(
    gold: Annotated[Path, typer.Option("--gold", help="Folder of *.gold.json files.")],
    texts: Annotated[Optional[Path], typer.Option("--texts", help="Folder of contract texts (default: beside the gold).")] = None,
    min_f1: Annotated[Optional[float], typer.Option("--min-f1", help="Exit non-zero when overall F1 is below this.")] = None,
    min_group_f1: Annotated[Optional[float], typer.Option("--min-group-f1", help="Exit non-zero when any group's F1 is below this.")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List every miss and false positive.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print scores as JSON.")] = False,
    variant: Annotated[Optional[str], typer.Option("--variant", help="Render each text first: flat, spaced, trad, fullwidth, halfwidth, docx.")] = None,
    predictions: Annotated[Optional[Path], typer.Option("--predictions", help="Score this JSON Lines export (hetong extract --out) instead of extracting.")] = None,
) -> None:
    """Score extraction against a gold set (field-level P/R/F1 per group)."""
    from pipeline.evaluate import evaluate_command

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
    from pipeline.ner_train import Settings, train_command

    raise typer.Exit(train_command(out, Settings(seed=seed, n_generated=n_generated, epochs=epochs)))


@app.command()
def ablation(
    gold: Annotated[Path, typer.Option("--gold", help="Folder of *.gold.json files.")],
    texts: Annotated[Optional[Path], typer.Option("--texts", help="Folder of contract texts (default: beside the gold).")] = None,
) -> None:
    """Score extraction twice, rules only (HETONG_NER off) and rules + NER, and
    print F1 per group for both, NER cost per contract and its coverage of the
    gold parties."""
    from pipeline.ner_eval import ablation_command

    raise typer.Exit(ablation_command(gold, texts))


@app.command()
def review(
    html_out: Annotated[Path, typer.Option("--html", help="Write the review page (one self-contained HTML file) here.")],
    file: Annotated[Optional[Path], typer.Argument(help="Contract file to extract and review.")] = None,
    db: Annotated[Optional[Path], typer.Option("--db", help="Review a document already in this DuckDB file.")] = None,
    sha256: Annotated[Optional[str], typer.Option("--sha256", help="With --db: the document's sha256 (a unique prefix will do).")] = None,
    source: Annotated[Optional[str], typer.Option("--source", help="With --db: the document's file name.")] = None,
) -> None:
    """Write a review page: the contract text with every extracted value
    highlighted, and a panel of fields and flags that jumps to the evidence."""
    from pipeline.review import review_command

    raise typer.Exit(review_command(file, html_out, db=db, sha256=sha256, source=source))


@app.command()
def export(
    db: Annotated[Path, typer.Option("--db", help="DuckDB file to read.")],
    table: Annotated[str, typer.Option("--table", help="Table or view to export (see \"DuckDB tables\" in README.md).")],
    out: Annotated[Path, typer.Option("--out", help="File to write.")],
    fmt: Annotated[str, typer.Option("--format", help="parquet | csv | jsonl")] = "parquet",
    redact: Annotated[bool, typer.Option("--redact", help="Mask phone numbers, e-mails, bank accounts and personal ID numbers in every text column.")] = False,
) -> None:
    """Export a table or view to Parquet, CSV or JSON Lines, optionally redacted."""
    from pipeline.export import export_command

    raise typer.Exit(export_command(db, table, fmt, out, redact=redact))


if __name__ == "__main__":  # pragma: no cover
    app()
