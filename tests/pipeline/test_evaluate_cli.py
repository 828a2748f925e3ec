"""`hetong evaluate`, driven through the CLI runner on a tiny gold folder.

The extraction function is replaced (monkeypatched `extract_path`) so these
tests do not depend on the extractors being written in parallel.
"""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from hetong.models import ContractRecord
from hetong.pipeline.quality import evaluate
from hetong.pipeline.cli import app
from hetong.pipeline.store.export import to_json_dict
from hetong.pipeline.quality.scoring import GROUPS

GOLD_DIR = Path(__file__).resolve().parents[2] / "data" / "gold"
GOLD_NAME = "004_203ddecaf6b58c51.gold.json"
SUMMARY_NAMES = [*GROUPS, "overall"]

runner = CliRunner()


def load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture
def gold_dir(tmp_path: Path) -> Path:
    """One real gold file and its text in a temp folder."""
    folder = tmp_path / "gold"
    folder.mkdir()
    shutil.copy(GOLD_DIR / GOLD_NAME, folder / GOLD_NAME)
    source = load(folder / GOLD_NAME)["source"]
    shutil.copy(GOLD_DIR / source, folder / source)
    return folder


def perfect(path: Path) -> dict[str, Any]:
    """Extraction that returns the gold of `path` (beside it) as prediction."""
    gold_path = path.with_name(path.name.removesuffix(".txt") + ".gold.json")
    return {**copy.deepcopy(load(gold_path)), "status": "ok"}


def nothing(path: Path) -> dict[str, Any]:
    return to_json_dict(ContractRecord(source=path.name, sha256="0" * 64, media_type="text/plain"))


def invoke(monkeypatch: pytest.MonkeyPatch, extract: Any, *args: str) -> Any:
    monkeypatch.setattr(evaluate, "extract_path", extract)
    return runner.invoke(app, ["evaluate", *args])


def summary_lines(stdout: str) -> list[str]:
    """The last len(SUMMARY_NAMES) lines: what `tail` shows."""
    return stdout.rstrip("\n").splitlines()[-len(SUMMARY_NAMES):]


def test_summary_lines_for_every_group_and_overall(monkeypatch: pytest.MonkeyPatch, gold_dir: Path) -> None:
    result = invoke(monkeypatch, perfect, "--gold", str(gold_dir))
    assert result.exit_code == 0, result.output
    lines = summary_lines(result.stdout)
    assert [line.split()[0] for line in lines] == SUMMARY_NAMES
    for line in lines:
        name, tp, fp, fn, p, r, f1 = line.split()
        assert int(fp) == int(fn) == 0
        assert f1 == "1.000"
    assert summary_lines(result.stdout)[-1].split()[-1] == "1.000"
    header = result.stdout.rstrip("\n").splitlines()[-len(SUMMARY_NAMES) - 1]
    assert header.split() == ["group", "TP", "FP", "FN", "P", "R", "F1"]


def test_empty_prediction_scores_zero(monkeypatch: pytest.MonkeyPatch, gold_dir: Path) -> None:
    result = invoke(monkeypatch, nothing, "--gold", str(gold_dir))
    assert result.exit_code == 0, result.output
    overall = summary_lines(result.stdout)[-1].split()
    assert overall[0] == "overall"
    assert int(overall[1]) == 0 and int(overall[3]) > 0
    assert overall[-1] == "0.000"


def test_json_output_parses(monkeypatch: pytest.MonkeyPatch, gold_dir: Path) -> None:
    result = invoke(monkeypatch, nothing, "--gold", str(gold_dir), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data["groups"]) == set(GROUPS)
    assert data["overall"]["f1"] == 0.0 and data["overall"]["fn"] > 0
    assert data["n_documents"] == 1 and data["n_failed"] == 0
    (doc,) = data["documents"]
    assert doc["gold"] == GOLD_NAME and doc["status"] == "ok"
    assert {"group", "path", "kind", "gold", "pred"} <= set(doc["discrepancies"][0])


@pytest.mark.parametrize("min_f1, code", [("1.01", 1), ("1", 0), ("0", 0)])
def test_min_f1_exit_code(monkeypatch: pytest.MonkeyPatch, gold_dir: Path, min_f1: str, code: int) -> None:
    result = invoke(monkeypatch, perfect, "--gold", str(gold_dir), "--min-f1", min_f1)
    assert result.exit_code == code, result.output
    if code:
        assert "below --min-f1" in result.stderr
    else:
        assert "below" not in result.stderr


def test_min_f1_zero_passes_an_empty_prediction(monkeypatch: pytest.MonkeyPatch, gold_dir: Path) -> None:
    assert invoke(monkeypatch, nothing, "--gold", str(gold_dir), "--min-f1", "0").exit_code == 0
    assert invoke(monkeypatch, nothing, "--gold", str(gold_dir), "--min-f1", "0.1").exit_code == 1


def test_verbose_lists_misses_by_document(monkeypatch: pytest.MonkeyPatch, gold_dir: Path) -> None:
    def wrong_amount(path: Path) -> dict[str, Any]:
        pred = perfect(path)
        pred["contract"]["total_amount"] = "1200000"
        pred["contract"]["contract_no"] = "HT-9"
        pred["flags"] = pred["flags"][1:]
        return pred

    result = invoke(monkeypatch, wrong_amount, "--gold", str(gold_dir), "-v")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "== 004_203ddecaf6b58c51.txt" in out
    lines = out.splitlines()
    assert any("wrong" in ln and "contract.total_amount" in ln and '"1202000"' in ln and '"1200000"' in ln
               for ln in lines)
    assert any("spurious" in ln and "contract.contract_no" in ln and '"HT-9"' in ln for ln in lines)
    assert any("missed" in ln and "flags[gold 1]" in ln and "李印胜" in ln for ln in lines)
    # the summary stays last
    assert [ln.split()[0] for ln in summary_lines(out)] == SUMMARY_NAMES


def test_without_verbose_no_misses_listed(monkeypatch: pytest.MonkeyPatch, gold_dir: Path) -> None:
    result = invoke(monkeypatch, nothing, "--gold", str(gold_dir))
    assert "contract.total_amount" not in result.stdout


def test_missing_text_counts_as_failed(monkeypatch: pytest.MonkeyPatch, gold_dir: Path) -> None:
    for text in gold_dir.glob("*.txt"):
        text.unlink()
    result = invoke(monkeypatch, perfect, "--gold", str(gold_dir), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    (doc,) = data["documents"]
    assert doc["status"] == "failed" and "text not found" in doc["error"]
    assert data["n_failed"] == 1
    assert data["overall"]["tp"] == 0 and data["overall"]["fn"] > 0
    assert "text not found" in result.stderr


def test_texts_folder_option(monkeypatch: pytest.MonkeyPatch, gold_dir: Path, tmp_path: Path) -> None:
    texts = tmp_path / "texts"
    texts.mkdir()
    for text in gold_dir.glob("*.txt"):
        text.rename(texts / text.name)
    seen: list[Path] = []

    def record(path: Path) -> dict[str, Any]:
        seen.append(path)
        return nothing(path)

    result = invoke(monkeypatch, record, "--gold", str(gold_dir), "--texts", str(texts))
    assert result.exit_code == 0, result.output
    assert [p.parent for p in seen] == [texts]


def test_extraction_error_fails_one_document_only(monkeypatch: pytest.MonkeyPatch, gold_dir: Path) -> None:
    second = load(GOLD_DIR / "002_4a1d54b084a0d54b.gold.json")
    (gold_dir / "002_4a1d54b084a0d54b.gold.json").write_text(json.dumps(second, ensure_ascii=False), encoding="utf-8")
    shutil.copy(GOLD_DIR / second["source"], gold_dir / second["source"])

    def flaky(path: Path) -> dict[str, Any]:
        if path.name.startswith("002"):
            raise RuntimeError("boom")
        return perfect(path)

    result = invoke(monkeypatch, flaky, "--gold", str(gold_dir), "--json")
    assert result.exit_code == 0, result.output
    docs = {d["gold"]: d for d in json.loads(result.stdout)["documents"]}
    assert list(docs) == sorted(docs)  # gold files in sorted order
    assert docs["002_4a1d54b084a0d54b.gold.json"]["status"] == "failed"
    assert "RuntimeError: boom" in docs["002_4a1d54b084a0d54b.gold.json"]["error"]
    assert docs[GOLD_NAME]["overall"]["f1"] == 1.0


@pytest.mark.parametrize("setup", ["missing folder", "no gold files", "invalid json", "invalid gold"])
def test_bad_gold_set_exits_2(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, setup: str) -> None:
    folder = tmp_path / "gold"
    if setup != "missing folder":
        folder.mkdir()
    if setup == "invalid json":
        (folder / "x.gold.json").write_text("{", encoding="utf-8")
    if setup == "invalid gold":
        gold = load(GOLD_DIR / GOLD_NAME)
        gold["contract"]["total_amount"] = "壹佰万"
        (folder / "x.gold.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    result = invoke(monkeypatch, nothing, "--gold", str(folder))
    assert result.exit_code == 2
    assert result.stderr.startswith("error:")


def test_evaluate_records_takes_an_extraction_function(gold_dir: Path) -> None:
    evaluation = evaluate.evaluate_records(gold_dir, extract=perfect)
    assert evaluation.summary.overall.f1 == 1.0
    (doc,) = evaluation.documents
    assert doc.gold_path.name == GOLD_NAME and doc.status == "ok"
    assert evaluate.evaluate_records(gold_dir, extract=nothing).summary.overall.recall == 0.0


def test_evaluate_records_accepts_one_gold_file(gold_dir: Path) -> None:
    evaluation = evaluate.evaluate_records(gold_dir / GOLD_NAME, extract=perfect)
    assert len(evaluation.documents) == 1


def test_min_group_f1_fails_when_one_group_is_below(tmp_path, monkeypatch):
    """A per-group floor catches one group collapsing behind a good overall."""
    from hetong.pipeline.quality import evaluate as ev

    gold_src = Path(__file__).resolve().parents[2] / "data" / "gold" / "004_203ddecaf6b58c51.gold.json"
    shutil.copy(gold_src, tmp_path / gold_src.name)
    shutil.copy(gold_src.with_name("004_203ddecaf6b58c51.txt"), tmp_path)
    gold = json.loads(gold_src.read_text(encoding="utf-8"))
    pred = dict(gold, flags=[])  # perfect except every flag missed

    monkeypatch.setattr(ev, "extract_path", lambda path: pred)
    runner = CliRunner()
    ok = runner.invoke(app, ["evaluate", "--gold", str(tmp_path), "--texts", str(tmp_path), "--min-f1", "0.9"])
    assert ok.exit_code == 0
    bad = runner.invoke(app, ["evaluate", "--gold", str(tmp_path), "--texts", str(tmp_path), "--min-group-f1", "0.9"])
    assert bad.exit_code == 1
    assert "flags F1 0.000 is below --min-group-f1" in bad.stderr


@pytest.mark.parametrize("variant", ["flat", "pdf"])
def test_variant_scores_the_rendered_contract(gold_dir: Path, variant: str) -> None:
    if variant == "pdf":
        from hetong.pipeline.quality.variant_pdf import font_path

        pytest.importorskip("reportlab", reason="the pdf variant needs reportlab")
        if font_path() is None:
            pytest.skip("the pdf variant needs a CJK font: apt-get install fonts-wqy-zenhei")
    result = runner.invoke(app, ["evaluate", "--gold", str(gold_dir), "--variant", variant, "--json"])
    assert result.exit_code == 0, result.output
    overall = json.loads(result.stdout)["overall"]
    assert overall["tp"] > 0 and overall["f1"] >= 0.9


def test_unknown_variant_exits_2(gold_dir: Path) -> None:
    result = runner.invoke(app, ["evaluate", "--gold", str(gold_dir), "--variant", "sideways"])
    assert result.exit_code == 2
    assert "unknown variant 'sideways'" in result.output
