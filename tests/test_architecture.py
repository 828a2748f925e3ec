"""The house rules, read from the code's own imports: which room may import
which (models ← extractors ← pipeline; reading and shaping text never reach
storage or batches), no import cycle between modules, and no module over
~600 lines without the reason in its docstring. A new breach fails here."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("pipeline", "extractors", "models")

# room → the rooms it may import (besides itself). A module's room is the
# longest prefix listed here.
ALLOWED: dict[str, set[str]] = {
    "hetong.models": set(),
    "hetong.extractors.parsers": set(),
    "hetong.extractors.shared": {"hetong.models", "hetong.extractors.parsers"},
    "hetong.extractors.ner": {"hetong.models", "hetong.extractors.parsers", "hetong.extractors.shared"},
    # training reads and scores documents the way the pipeline does (a repository tool)
    "hetong.extractors.ner.training": {
        "hetong.models", "hetong.extractors", "hetong.extractors.parsers", "hetong.extractors.shared",
        "hetong.extractors.ner", "hetong.pipeline", "hetong.pipeline.read", "hetong.pipeline.text",
        "hetong.pipeline.quality",
    },
    "hetong.extractors": {"hetong.models", "hetong.extractors.parsers", "hetong.extractors.shared", "hetong.extractors.ner"},
    "hetong.pipeline.read": {"hetong.models"},
    "hetong.pipeline.text": {"hetong.models", "hetong.extractors.parsers", "hetong.extractors.shared"},
    # migrations fill new columns of stored rows with the extractors' own resolvers
    "hetong.pipeline.store": {
        "hetong.models", "hetong.extractors", "hetong.extractors.parsers", "hetong.extractors.shared",
        "hetong.pipeline", "hetong.pipeline.text",
    },
    "hetong.pipeline.batch": {
        "hetong.models", "hetong.extractors.ner", "hetong.pipeline", "hetong.pipeline.read",
        "hetong.pipeline.text", "hetong.pipeline.store",
    },
    "hetong.pipeline.quality": {
        "hetong.models", "hetong.extractors", "hetong.pipeline", "hetong.pipeline.read",
        "hetong.pipeline.text", "hetong.pipeline.store",
    },
    "hetong.pipeline.review": {
        "hetong.models", "hetong.pipeline", "hetong.pipeline.read", "hetong.pipeline.text", "hetong.pipeline.store",
    },
    # the review workbench: pages over the stored import, the review page's rendering,
    # corrected values read by the extractors' own parsers
    "hetong.pipeline.serve": {
        "hetong.models", "hetong.extractors.parsers", "hetong.pipeline", "hetong.pipeline.read", "hetong.pipeline.text",
        "hetong.pipeline.store", "hetong.pipeline.review",
    },
    # the top-level flow (registry, orchestrate, version, cli) may use every room
    "hetong.pipeline": {
        "hetong.models", "hetong.extractors", "hetong.extractors.parsers", "hetong.extractors.shared",
        "hetong.extractors.ner", "hetong.extractors.ner.training", "hetong.pipeline.read", "hetong.pipeline.text",
        "hetong.pipeline.store", "hetong.pipeline.batch", "hetong.pipeline.quality", "hetong.pipeline.review",
        "hetong.pipeline.serve",
    },
}
MAX_LINES = 600


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(["hetong", *parts])


MODULES: dict[str, Path] = {
    module_name(p): p for top in PACKAGES for p in sorted((ROOT / top).rglob("*.py"))
}


def room(module: str) -> str:
    return max((r for r in ALLOWED if module == r or module.startswith(r + ".")), key=len)


def imports(path: Path) -> set[str]:
    """Every hetong module `path` imports, at top level or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("hetong.")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("hetong"):
            for alias in node.names:  # `from pkg import module` imports the module
                sub = f"{node.module}.{alias.name}"
                found.add(sub if sub in MODULES else node.module)
    return {m for m in found if m in MODULES or m == "hetong.data"}


GRAPH = {name: imports(path) for name, path in MODULES.items()}


def test_every_module_is_in_a_room_and_the_layout_is_known() -> None:
    assert "hetong.pipeline.read.pdf" in MODULES and "hetong.extractors.shared.scan" in MODULES
    assert all(room(m) for m in MODULES)


def test_no_module_imports_the_old_top_level_names() -> None:
    old = [
        f"{name}: {node.module if isinstance(node, ast.ImportFrom) else node.names[0].name}"
        for name, path in MODULES.items()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if (isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").split(".")[0] in PACKAGES)
        or (isinstance(node, ast.Import) and node.names[0].name.split(".")[0] in PACKAGES)
    ]
    assert old == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_a_module_imports_only_rooms_its_room_may_import(module: str) -> None:
    mine = room(module)
    breaches = sorted(t for t in GRAPH[module] if t != "hetong.data" and room(t) != mine and room(t) not in ALLOWED[mine])
    assert breaches == [], f"{module} ({mine}) may not import {breaches}"


def test_the_rules_themselves_point_one_way() -> None:
    """models ← extractors ← pipeline: nothing in models or the run-time
    extractors may reach pipeline; read and text never reach store or batch."""
    for r, allowed in ALLOWED.items():
        if r.startswith("hetong.models") or (r.startswith("hetong.extractors") and ".training" not in r):
            assert not any(a.startswith("hetong.pipeline") for a in allowed), r
    for r in ("hetong.pipeline.read", "hetong.pipeline.text"):
        assert not ALLOWED[r] & {"hetong.pipeline.store", "hetong.pipeline.batch", "hetong.pipeline.quality"}


def test_no_import_cycle_between_modules() -> None:
    # Tarjan's strongly connected components over every import, lazy ones included
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in GRAPH.get(v, ()):
            if w not in GRAPH:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in GRAPH:
        if v not in index:
            visit(v)
    # a package importing its own submodules (`from . import x` in __init__) is not a cycle of ours
    assert cycles == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_a_long_module_says_why_it_is_long(module: str) -> None:
    path = MODULES[module]
    lines = path.read_text(encoding="utf-8").count("\n")
    if lines <= MAX_LINES:
        return
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    assert "Why one module" in doc, f"{module} has {lines} lines and its docstring does not say why (\"Why one module: …\")"
