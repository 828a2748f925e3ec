"""notebooks/analyst_tour.ipynb runs top to bottom on a database it builds from
data/samples, draws its charts, and writes nothing to stderr (no warnings,
no missing glyphs)."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "analyst_tour.ipynb"


def run_notebook(db: Path, extra: str | None = None) -> nbformat.NotebookNode:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HETONG_DB", str(db))  # a fresh database, built by the first cell
        mp.setenv("JUPYTER_PLATFORM_DIRS", "1")  # jupyter_core's path-migration DeprecationWarning
        mp.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
        nb = nbformat.read(NOTEBOOK, as_version=4)
        if extra is not None:
            nb.cells.insert(len(nb.cells) - 1, nbformat.v4.new_code_cell(extra))  # before con.close()
        NotebookClient(
            nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}}
        ).execute()
    assert db.exists()
    return nb


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> nbformat.NotebookNode:
    return run_notebook(tmp_path_factory.mktemp("tour") / "tour.duckdb")


# Printed by a cell the test adds: what each chart names, on a database of
# many contracts and buyers.
MEASURE = """
import json
def named(ax):
    legend = ax.get_legend()
    return {"legend": len(legend.get_texts()) if legend else 0,
            "yticks": len([t for t in ax.get_yticklabels() if t.get_text()]),
            "xticks": len([t for t in ax.get_xticklabels() if t.get_text()])}
print("CHARTS", json.dumps([named(ax) for ax in CHARTS]))
print("BUYERS", len(spend["party_a"].unique()))
"""


@pytest.fixture(scope="module")
def executed_at_scale(tmp_path_factory: pytest.TempPathFactory) -> nbformat.NotebookNode:
    from hetong.pipeline.batch import importer as batch
    from hetong.pipeline.store import storage
    from hetong.pipeline.quality.corpus import generate

    folder = tmp_path_factory.mktemp("many")
    generate(folder, 60, seed=11, gb18030_share=0)
    db = tmp_path_factory.mktemp("scale") / "many.duckdb"
    conn = storage.connect(db)
    try:
        batch.ingest_files([folder], conn)
    finally:
        conn.close()
    return run_notebook(db, MEASURE)


def test_charts_stay_readable_with_many_contracts(executed_at_scale: nbformat.NotebookNode) -> None:
    import json

    printed = "".join(o["text"] for o in outputs(executed_at_scale, "stream") if o["name"] == "stdout")
    buyers = int(printed.split("BUYERS ")[1].split()[0])
    assert buyers > 20  # more buyers than a chart may name
    charts = json.loads(printed.split("CHARTS ")[1].splitlines()[0])
    assert len(charts) == 4
    for chart in charts:  # top 10 + "other", at most 12 month labels: never one entry per contract
        assert chart["legend"] <= 11 and chart["yticks"] <= 11 and chart["xticks"] <= 12, chart
    assert outputs(executed_at_scale, "error") == []


def outputs(nb: nbformat.NotebookNode, kind: str) -> list[dict]:
    return [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs if o.output_type == kind]


def test_the_notebook_is_stored_without_outputs() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in nb.cells if c.cell_type == "code")


def test_every_cell_runs(executed: nbformat.NotebookNode) -> None:
    code = [c for c in executed.cells if c.cell_type == "code"]
    assert code and all(c.execution_count for c in code)
    assert outputs(executed, "error") == []


def test_nothing_is_written_to_stderr(executed: nbformat.NotebookNode) -> None:
    assert [o["text"] for o in outputs(executed, "stream") if o["name"] == "stderr"] == []


def test_the_four_questions_are_charted(executed: nbformat.NotebookNode) -> None:
    images = [o for o in outputs(executed, "display_data") if "image/png" in o["data"]]
    assert len(images) == 4


def test_the_tables_answer_from_the_sample_database(executed: nbformat.NotebookNode) -> None:
    printed = "".join(o["text"] for o in outputs(executed, "stream") if o["name"] == "stdout")
    assert "5 contracts" in printed
    tables = "".join(o["data"].get("text/plain", "") for o in outputs(executed, "execute_result"))
    assert "北京市朝阳区政务服务管理局" in tables
