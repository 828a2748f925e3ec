"""hetong.pipeline.read.limits: size and page limits, the per-document time budget."""

from __future__ import annotations

import multiprocessing
import pickle
import re
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor

import pytest

from hetong.pipeline.read.ingest import IngestError
from hetong.pipeline.read.limits import (
    LimitExceeded,
    Limits,
    TimeLimitExceeded,
    check_bytes,
    check_deadline,
    check_pages,
    check_size,
    pdf_page_count,
    time_limit,
)
from tests.reliability import hostile

MiB = 2**20


# -- Limits ---------------------------------------------------------------------------------


def test_defaults_refuse_the_hostile_sizes() -> None:
    limits = Limits()
    assert limits.max_text_bytes is not None and limits.max_text_bytes < 50 * MiB
    assert limits.max_pages is not None and limits.max_pages < 3000
    assert limits.max_seconds is not None


ENV_CASES = [
    ({}, Limits()),
    ({"HETONG_MAX_BYTES": "8M"}, Limits(max_bytes=8 * MiB)),
    ({"HETONG_MAX_BYTES": "100k"}, Limits(max_bytes=100 * 1024)),
    ({"HETONG_MAX_BYTES": "1.5GiB"}, Limits(max_bytes=int(1.5 * 2**30))),
    ({"HETONG_MAX_TEXT_BYTES": "1048576"}, Limits(max_text_bytes=MiB)),
    ({"HETONG_MAX_PAGES": "200"}, Limits(max_pages=200)),
    ({"HETONG_MAX_SECONDS": "0.5"}, Limits(max_seconds=0.5)),
    ({"HETONG_MAX_SECONDS": "off", "HETONG_MAX_PAGES": "none", "HETONG_MAX_BYTES": "0"},
     Limits(max_seconds=None, max_pages=None, max_bytes=None)),
    ({"HETONG_MAX_PAGES": "  "}, Limits()),
]


@pytest.mark.parametrize(("environ", "want"), ENV_CASES, ids=[str(e) for e, _ in ENV_CASES])
def test_limits_from_env(environ: dict[str, str], want: Limits) -> None:
    assert Limits.from_env(environ) == want


@pytest.mark.parametrize(("var", "value"), [
    ("HETONG_MAX_BYTES", "lots"), ("HETONG_MAX_PAGES", "1.5"), ("HETONG_MAX_PAGES", "10M"),
    ("HETONG_MAX_SECONDS", "soon"), ("HETONG_MAX_SECONDS", "-1"), ("HETONG_MAX_SECONDS", "nan"),
    ("HETONG_MAX_SECONDS", "inf"), ("HETONG_MAX_BYTES", "-5"), ("HETONG_MAX_BYTES", "0.5"),
])
def test_a_bad_env_value_names_its_variable(var: str, value: str) -> None:
    with pytest.raises(ValueError, match=var):
        Limits.from_env({var: value})


@pytest.mark.parametrize("field", ["max_bytes", "max_text_bytes", "max_pages", "max_seconds"])
@pytest.mark.parametrize("value", [0, -1, True, float("inf"), float("nan")])
def test_limits_must_be_positive(field: str, value: object) -> None:
    with pytest.raises(ValueError, match=field):
        Limits(**{field: value})  # type: ignore[arg-type]


def test_unlimited_checks_nothing() -> None:
    check_size(10**15, Limits.unlimited(), "text/plain")
    check_pages(10**9, Limits.unlimited())


# -- size and pages -------------------------------------------------------------------------


def test_check_bytes_refuses_a_file_over_max_bytes_with_a_specific_message() -> None:
    with pytest.raises(LimitExceeded, match=r"file too large: 1,025 bytes, the limit is 1,024 \(HETONG_MAX_BYTES\)"):
        check_bytes(b"x" * 1025, Limits(max_bytes=1024), "application/pdf")


def test_text_files_have_their_own_lower_limit() -> None:
    limits = Limits(max_bytes=10 * MiB, max_text_bytes=MiB)
    check_size(5 * MiB, limits, "application/pdf")
    check_size(MiB, limits, "text/plain")
    with pytest.raises(LimitExceeded, match=r"limit for text files is 1,048,576 \(HETONG_MAX_TEXT_BYTES\)") as err:
        check_size(MiB + 1, limits, "text/markdown")
    assert err.value.limit == "max_text_bytes"


def test_a_limit_error_is_an_ingest_error_and_crosses_processes() -> None:
    err = LimitExceeded("too many pages: 3,000, the limit is 1,000 (HETONG_MAX_PAGES)", "max_pages")
    assert isinstance(err, IngestError)
    copy = pickle.loads(pickle.dumps(err))
    assert (str(copy), copy.limit) == (str(err), "max_pages")


def test_check_pages() -> None:
    check_pages(1000, Limits(max_pages=1000))
    with pytest.raises(LimitExceeded, match=r"too many pages: 1,001, the limit is 1,000") as err:
        check_pages(1001, Limits(max_pages=1000))
    assert err.value.limit == "max_pages"


def test_pdf_page_count_reads_the_page_tree_without_parsing_pages() -> None:
    data = hostile.make_pdf([[f"第{i}页"] for i in range(3000)])
    t0 = time.perf_counter()
    assert pdf_page_count(data) == 3000
    assert time.perf_counter() - t0 < 2.0  # pdfplumber takes ~20 ms a page to extract


@pytest.mark.parametrize("data", [b"", b"%PDF-1.4\n%%EOF\n", b"not a pdf", hostile.make_pdf([["x"]])[:200]],
                         ids=["empty", "header_only", "text", "truncated"])
def test_pdf_page_count_is_none_when_unreadable(data: bytes) -> None:
    assert pdf_page_count(data) is None


def test_pdf_page_count_of_an_encrypted_pdf() -> None:
    assert pdf_page_count(hostile.make_pdf([["甲方"], ["乙方"]], user_password=b"")) == 2


# -- time -----------------------------------------------------------------------------------


def _spin(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def test_time_limit_interrupts_a_busy_loop() -> None:
    t0 = time.monotonic()
    with pytest.raises(TimeLimitExceeded, match=r"time limit exceeded: more than 0.2 s"):
        with time_limit(0.2) as budget:
            assert budget.enforced
            _spin(10)
    assert time.monotonic() - t0 < 2


def test_time_limit_interrupts_a_runaway_regex() -> None:
    with pytest.raises(TimeLimitExceeded):
        with time_limit(0.2):
            re.match(r"(a+)+$", "a" * 64 + "b")


def test_time_limit_is_not_swallowed_by_except_exception() -> None:
    """A stage's `except Exception` must not catch the budget and go on."""
    with pytest.raises(TimeLimitExceeded):
        with time_limit(0.1):
            try:
                _spin(10)
            except Exception:  # what the orchestrator does around each stage
                pytest.fail("TimeLimitExceeded was caught as an Exception")


def test_time_limit_restores_the_previous_handler_and_disarms() -> None:
    before = signal.getsignal(signal.SIGALRM)
    with time_limit(5):
        pass
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_time_limit_none_is_unlimited() -> None:
    with time_limit(None) as budget:
        assert budget.remaining() is None
        check_deadline()
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


@pytest.mark.parametrize("seconds", [0, -1.0, float("inf")])
def test_time_limit_refuses_a_non_positive_budget(seconds: float) -> None:
    with pytest.raises(ValueError, match="positive and finite"):
        with time_limit(seconds):
            pass


def test_an_inner_budget_fires_first_and_the_outer_one_is_rearmed() -> None:
    with pytest.raises(TimeLimitExceeded) as outer:
        with time_limit(0.6):
            with pytest.raises(TimeLimitExceeded) as inner:
                with time_limit(0.1):
                    _spin(10)
            assert inner.value.seconds == 0.1
            remaining, _ = signal.getitimer(signal.ITIMER_REAL)
            assert 0 < remaining <= 0.6
            _spin(10)
    assert outer.value.seconds == 0.6


def test_an_outer_budget_that_fires_first_is_left_alone() -> None:
    with pytest.raises(TimeLimitExceeded) as outer:
        with time_limit(0.1):
            with time_limit(30) as inner:
                assert not inner.enforced  # the outer timer bounds it already
                _spin(10)
    assert outer.value.seconds == 0.1


def test_in_a_thread_the_budget_is_cooperative_only() -> None:
    seen: list[object] = []

    def work() -> None:
        with time_limit(0.05) as budget:
            seen.append(budget.enforced)
            time.sleep(0.1)
            try:
                check_deadline()
            except TimeLimitExceeded as exc:
                seen.append(exc)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert seen[0] is False
    assert isinstance(seen[1], TimeLimitExceeded)


def test_check_deadline_outside_a_budget_does_nothing() -> None:
    check_deadline()


_IN_WORKER = """
import time
from hetong.pipeline.read.limits import TimeLimitExceeded, time_limit
t0 = time.monotonic()
try:
    with time_limit(0.2) as budget:
        assert budget.enforced
        while True:
            pass
except TimeLimitExceeded:
    assert time.monotonic() - t0 < 2
else:
    raise AssertionError("not interrupted")
"""


def test_time_limit_works_in_a_spawned_worker_process() -> None:
    """What the batch does: a `spawn` ProcessPoolExecutor runs each task in
    the worker's main thread, where the timer can be armed."""
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        assert pool.submit(exec, _IN_WORKER).result(timeout=60) is None


def test_the_time_limit_exception_crosses_processes() -> None:
    copy = pickle.loads(pickle.dumps(TimeLimitExceeded(1.5)))
    assert copy.seconds == 1.5 and "1.5 s" in str(copy)
