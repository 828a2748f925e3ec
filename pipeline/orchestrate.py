"""Run one document through every stage. Extraction is a pure function of the
document's bytes and name; a failing stage is recorded on the Document
(status `partial`/`failed`) and never raises to the caller.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hetong.models import Document
from hetong.pipeline import __version__
from hetong.pipeline.read.ingest import IngestError, failed_document, load_bytes, media_type_of, sha256
from hetong.pipeline.read.limits import LimitExceeded, Limits, TimeLimitExceeded, read_file, time_limit
from hetong.pipeline.registry import CHECKS, EXTRACTORS, STAGES, Step

_loaded: list[tuple[Step, Callable[[Document], Any]]] | None = None


def _steps() -> list[tuple[Step, Callable[[Document], Any]]]:
    """Import every registered step once per process. A step that cannot be
    imported raises, for every document: the list is cached only when whole."""
    global _loaded
    if _loaded is None:
        _loaded = [(step, step.load()) for step in (*STAGES, *EXTRACTORS, *CHECKS)]
    return _loaded


def process_bytes(
    data: bytes,
    source: str,
    path: str | None = None,
    timings: dict[str, float] | None = None,
    limits: Limits | None = None,
) -> Document:
    limits = limits if limits is not None else Limits.from_env()
    try:
        with time_limit(limits.max_seconds):
            try:
                doc = load_bytes(data, source=source, path=path, limits=limits)
            except IngestError as exc:
                return failed_document(data, source, path, str(exc))
            return process_document(doc, timings)
    except TimeLimitExceeded as exc:
        doc = Document(source=source, path=path, sha256=sha256(data), media_type=media_type_of(data, source))
        doc.fail("limits", str(exc), status="failed")
        return doc


def process_document(doc: Document, timings: dict[str, float] | None = None) -> Document:
    doc.versions.setdefault("hetong", __version__)
    for step, func in _steps():
        t0 = time.perf_counter()
        try:
            result = func(doc)
        except Exception as exc:  # a bad stage must not stop the batch
            doc.fail(step.name, f"{type(exc).__name__}: {exc}",
                     status="failed" if step in STAGES else "partial")
            if step in STAGES:
                break
            continue
        finally:
            if timings is not None:
                timings[step.name] = timings.get(step.name, 0.0) + time.perf_counter() - t0
        if step.assigns:
            setattr(doc, step.assigns, result)
        if doc.status == "not_a_contract":  # hetong.pipeline.text.classify said so: nothing to extract
            break
    return doc


def process_path(path: Path, timings: dict[str, float] | None = None) -> Document:
    path = Path(path)
    try:
        data = read_file(path, Limits.from_env())  # regular files only, bounded by bytes read
    except LimitExceeded as exc:
        return failed_document(b"", path.name, str(path), str(exc))
    except OSError as exc:
        return failed_document(b"", path.name, str(path), f"cannot read file: {exc.strerror or exc}")
    return process_bytes(data, source=path.name, path=str(path), timings=timings)
