"""Package data — reference tables, the NER model, lexicons — through importlib.resources.

The data lives in the repository's `data/` folder, which is shipped as the
package `hetong.data` (only the files the run time reads: see pyproject's
package-data). Nothing here reads paths relative to the repository, so an
installed wheel finds the same files as a checkout.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

# What the run time reads; `check()` proves each is there before a batch starts.
REQUIRED: tuple[tuple[str, ...], ...] = (
    ("reference", "divisions.csv"),
    ("reference", "README.md"),
    ("ner", "lexicon", "surnames.txt"),
)
MODEL: tuple[tuple[str, ...], ...] = (("ner", "model", "meta.json"), ("ner", "model", "config.cfg"))


class ResourceMissing(RuntimeError):
    """A file hetong ships with is not where the installed package should hold it."""


def data_path(*parts: str) -> Path:
    """The filesystem path of a shipped data file or folder (it may not exist)."""
    root = files("hetong.data")
    if not isinstance(root, Path):  # a zipped install: spaCy and DuckDB need real files
        raise ResourceMissing(
            "hetong's package data is inside an archive; install hetong unzipped (pip install hetong)"
        )
    return root.joinpath(*parts)


def check(model: bool = True) -> None:
    """Raise ResourceMissing naming every shipped file that is absent (the NER
    model's too, unless `model` is False: NER turned off or pointed elsewhere)."""
    wanted = REQUIRED + (MODEL if model else ())
    missing = [str(data_path(*parts)) for parts in wanted if not data_path(*parts).exists()]
    if missing:
        raise ResourceMissing(
            "hetong's package data is incomplete (missing: "
            + ", ".join(missing)
            + "); reinstall it: pip install --force-reinstall hetong"
        )
