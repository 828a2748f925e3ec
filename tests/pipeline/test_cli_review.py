"""`hetong review --html` into a path that cannot be written: one line on
stderr and exit code 2, before any extraction, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from hetong.pipeline.cli import app

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "samples" / "000_ea93da92590dbf3c.txt"


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()




@pytest.mark.parametrize(
    ("html", "message"),
    [
        ("/unwritable/review.html", "cannot write /unwritable/review.html: folder /unwritable does not exist"),
        ("{tmp}/a-file/review.html", "cannot write {tmp}/a-file/review.html: {tmp}/a-file is not a folder"),
        ("{tmp}", "cannot write {tmp}: it is a folder"),
    ],
)
def test_an_html_path_that_cannot_be_written(runner: CliRunner, tmp_path: Path, html: str, message: str) -> None:
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["review", str(SAMPLE), "--html", html.format(tmp=tmp_path)])
    assert result.exit_code == 2
    assert isinstance(result.exception, SystemExit)  # no traceback
    assert result.stderr.strip().splitlines() == [message.format(tmp=tmp_path)]


def test_an_unwritable_html_folder(runner: CliRunner, unwritable_dir: Path) -> None:
    html = unwritable_dir / "review.html"
    result = runner.invoke(app, ["review", str(SAMPLE), "--html", str(html)])
    assert result.exit_code == 2
    assert isinstance(result.exception, SystemExit)
    assert result.stderr.startswith(f"cannot write {html}: ")
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_writable_html_path_still_works(runner: CliRunner, tmp_path: Path) -> None:
    html = tmp_path / "review.html"
    result = runner.invoke(app, ["review", str(SAMPLE), "--html", str(html)])
    assert result.exit_code == 0, result.output
    assert html.read_text(encoding="utf-8").startswith("<!")
