"""pipeline.read.extras: install hints name the extra's own requirements, so
they work from a checkout, a wheel or an sdist alike."""

from __future__ import annotations

import shlex
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from hetong.pipeline.read.extras import install_hint, requirements

ROOT = Path(__file__).resolve().parents[3]
DECLARED = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]


@pytest.mark.parametrize("extra", ["ocr", "distributed"])
def test_the_hint_installs_exactly_what_the_extra_declares(extra: str) -> None:
    named = {Requirement(r).name for r in shlex.split(install_hint(extra))[2:]}
    assert named == {Requirement(r).name for r in DECLARED[extra]}
    assert shlex.split(install_hint(extra))[:2] == ["pip", "install"]


@pytest.mark.parametrize("extra", ["ocr", "distributed"])
def test_every_requirement_is_valid_and_keeps_its_bounds(extra: str) -> None:
    for req in requirements(extra):
        declared = next(Requirement(d) for d in DECLARED[extra] if Requirement(d).name == Requirement(req).name)
        assert Requirement(req).specifier == declared.specifier


def test_the_hint_never_asks_an_index_for_hetong_itself() -> None:
    assert "hetong" not in install_hint("ocr")
