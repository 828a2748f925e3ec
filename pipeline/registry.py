"""The one place that lists the stages and extractors, in the order they run.

Nothing here loads models or data: modules are imported when the pipeline is
first built, and each loads its heavy resources on first use, once per process.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hetong.models import Document


@dataclass(frozen=True)
class Step:
    name: str  # stage name as recorded in errors and timings
    target: str  # "module:function"
    # Document attribute the result is assigned to; None when the step
    # enriches the Document in place and returns it.
    assigns: str | None = None

    def load(self) -> Callable[[Document], Any]:
        module, func = self.target.split(":")
        return getattr(importlib.import_module(module), func)


# Text stages: each takes the Document and returns it enriched.
STAGES: tuple[Step, ...] = (
    Step("normalise", "hetong.pipeline.text.normalise:run"),
    # a file that binds several contracts: only the first is read (and said so)
    Step("bundle", "hetong.pipeline.text.bundle:run"),
    Step("segment", "hetong.pipeline.text.segment:run"),
    # not_a_contract (a novel, a spreadsheet dump): the extractors are skipped
    Step("classify", "hetong.pipeline.text.classify:run"),
)

# Extractors: each returns the value of one Document attribute. Later ones may
# read what earlier ones found (payments read the contract total).
EXTRACTORS: tuple[Step, ...] = (
    Step("contract", "hetong.extractors.contract:extract", "contract"),
    Step("parties", "hetong.extractors.parties:extract", "parties"),
    Step("payments", "hetong.extractors.payments:extract", "payments"),
    Step("penalties", "hetong.extractors.penalties:extract", "penalties"),
    Step("sla", "hetong.extractors.sla:extract", "sla"),
)

# Checks run last and see everything extracted.
CHECKS: tuple[Step, ...] = (
    Step("flags", "hetong.extractors.flags:extract", "flags"),
    # every extracted string back in the script the document was written in
    Step("script_restore", "hetong.pipeline.text.script:restore"),
)
