"""What this hetong is made of (`hetong --version`): its own version, the NER
model's, the division table's and the database schema's. Read from files
only: no model is loaded, no database opened."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from pathlib import Path
from types import SimpleNamespace
from hetong.extractors.shared.resources import data_path

DIVISIONS_README = data_path("reference", "README.md")
_AS_OF = re.compile(r"截至(\d{4}-\d{2}-\d{2})")  # "data as of", as the source package states it


def versions() -> list[tuple[str, str]]:
    """(component, version) pairs, in the order `hetong --version` prints them."""
    from hetong.pipeline import __version__

    return [
        ("hetong", __version__),
        ("ner-model", ner_model_version()),
        ("divisions", divisions_version()),
        ("schema", schema_version()),
    ]


def ner_model_version() -> str:
    """`<meta version>+<digest>`, as recorded in each document's versions
    (hetong.extractors.ner.model.version_of), read from the model's meta.json; `none` when
    there is no model, with `(off …)` when HETONG_NER turns it off."""
    from hetong.extractors.ner import model as ner

    path = ner.model_dir()
    meta_file = path / "meta.json"
    if not meta_file.is_file():
        return f"none (no model in {path}: run `hetong train-ner`)"
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    version = ner.version_of(SimpleNamespace(meta=meta))  # type: ignore[arg-type]  # it reads .meta only
    return version if ner.enabled() else f"{version} (off: HETONG_NER)"


def divisions_version() -> str:
    """`<data date>+<sha256 of divisions.csv, 12 digits>` and the number of
    current and former units. The date is the one the source states (see
    data/reference/README.md); the digest names the exact table."""
    from hetong.extractors.shared.regions import TABLE_PATH

    if not TABLE_PATH.is_file():
        return f"none (no {TABLE_PATH})"
    data = TABLE_PATH.read_bytes()
    digest = hashlib.sha256(data).hexdigest()[:12]
    as_of = _AS_OF.search(DIVISIONS_README.read_text(encoding="utf-8")) if DIVISIONS_README.is_file() else None
    statuses = [row["status"] for row in csv.DictReader(io.StringIO(data.decode("utf-8")))]
    version = f"{as_of[1]}+{digest}" if as_of else digest
    return f"{version} ({statuses.count('current')} current, {statuses.count('former')} former units)"


def schema_version() -> str:
    """The highest migration shipped in pipeline/migrations: `6 (006_files_not_read)`."""
    from hetong.pipeline.store.storage import migrations

    latest = migrations()[-1]
    return f"{latest.version} ({latest.version:03d}_{latest.name})"
