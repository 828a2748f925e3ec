"""Imported once by the fork server that extraction workers are forked from
(pipeline/batch/workers.py): every stage imported and the NER model loaded there,
so each worker starts warm and shares the model's memory copy-on-write.

Nothing here may fail the server: a model that cannot load is loaded (and
its error recorded on documents) by the worker that needs it, as without a
preload."""

from __future__ import annotations

from hetong.pipeline.orchestrate import _steps

_steps()

# The Traditional→simplified table every document's normalisation reads (built once, ~0.15 s)
from hetong.pipeline.text.script import simplify_table  # noqa: E402

simplify_table()

try:
    from hetong.extractors.ner import model as ner

    if ner.enabled():
        ner.load_model()
except Exception:  # noqa: BLE001 — see the docstring
    pass
