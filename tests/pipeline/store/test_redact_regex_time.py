"""Every regex of the redaction (pipeline/store/redact.py, pipeline/store/redact_shadow.py)
runs in linear time: scanned over 50,000-character runs of spaces, digits, CJK,
punctuation and a few hostile mixes, none takes more than BOUND times as long
as a trivial regex (one match per character) over the same run, measured in
the same process. A quadratic pattern is thousands of times slower there (the
e-mail regex redaction had before took over 10,000 times as long on a run of
letters)."""

from __future__ import annotations

import functools
import re
import time

import pytest

from hetong.pipeline.store import redact, redact_shadow
from hetong.pipeline.store.redact import Redactor

N = 50_000
BOUND = 100.0
RUNS = {
    "spaces": " " * N,
    "ideographic spaces": "\u3000" * N,
    "digits": "1" * N,
    "full-width digits": "１" * N,
    "cjk": "张" * N,
    "cjk labels": ("电话手机账号身份证号码微信QQ合同编号统一社会信用代码邮箱" * N)[:N],
    "punctuation": (".-@:/()[]，。：＠" * N)[:N],
    "letters": "a" * N,
    "digits and spaces": "1 " * (N // 2),
    "digits and line breaks": "1\n" * (N // 2),
    "letters and dots": "a." * (N // 2),
    "label then digits": ("电话：1 " * N)[:N],
    "spelled at": ("a [at] b " * N)[:N],
}
PATTERNS = {
    f"{module.__name__.rsplit('.', 1)[-1]}.{name}": value
    for module in (redact, redact_shadow)
    for name, value in vars(module).items()
    if isinstance(value, re.Pattern)
}
PATTERNS["Redactor.known"] = Redactor(["84681632", "0991-4689363", "yangqiong@wanxin.cn", "110934171210312"]).known
TRIVIAL = re.compile(r".", re.S)


def seconds(scan, text: str, repeats: int = 3) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        scan(text)
        best = min(best, time.perf_counter() - start)
    return best


def finditer(pattern: re.Pattern[str]):
    def scan(text: str) -> None:
        for _ in pattern.finditer(text):
            pass

    return scan


@functools.cache
def trivial(run: str) -> float:
    return seconds(finditer(TRIVIAL), RUNS[run])


def test_the_patterns_are_found() -> None:
    assert len(PATTERNS) >= 40
    assert {"redact._EMAIL", "redact._MOBILE", "redact_shadow._GAP", "redact_shadow._PROTECTED"} <= set(PATTERNS)


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_every_pattern_is_linear_time(name: str) -> None:
    scan = finditer(PATTERNS[name])
    slow = {run: round(ratio, 1) for run in RUNS if (ratio := seconds(scan, RUNS[run]) / trivial(run)) > BOUND}
    assert slow == {}


@pytest.mark.parametrize("run", sorted(RUNS))
def test_redact_as_a_whole_is_linear_time(run: str) -> None:
    redact.redact("电话：1")  # the one-off NFKC table is not part of the measure
    assert seconds(redact.redact, RUNS[run], repeats=2) / trivial(run) < BOUND


def test_the_measure_catches_a_quadratic_pattern() -> None:
    quadratic = re.compile(r"[A-Za-z0-9][A-Za-z0-9._%+\-]*@")  # redaction's e-mail regex before normalisation
    text = "a" * 20_000
    assert seconds(finditer(quadratic), text, repeats=1) / seconds(finditer(TRIVIAL), text) > BOUND
